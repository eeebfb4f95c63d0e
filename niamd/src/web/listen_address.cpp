#include "web/listen_address.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <charconv>
#include <cstring>

namespace niamd::web {
namespace {

awsrest::Error bad_address(std::string_view text, std::string_view why) {
    return awsrest::make_error(awsrest::ErrorKind::InvalidArgument,
                               "web address '" + std::string(text) + "': " + std::string(why));
}

}  // namespace

awsrest::Result<ListenAddress> parse_listen_address(std::string_view text) {
    ListenAddress listen;
    std::string_view host;
    std::string_view port = text;
    if (!text.empty() && text.front() == '[') {
        const std::size_t close = text.find(']');
        if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
            return bad_address(text, "expected [IPv6]:PORT");
        }
        host = text.substr(1, close - 1);
        port = text.substr(close + 2);
    } else if (const std::size_t colon = text.rfind(':'); colon != std::string_view::npos) {
        host = text.substr(0, colon);
        port = text.substr(colon + 1);
        if (host.find(':') != std::string_view::npos) return bad_address(text, "write an IPv6 address as [ADDR]:PORT");
    }
    int number = -1;
    const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), number);
    if (port.empty() || error != std::errc() || end != port.data() + port.size() || number < 0 || number > 65535) {
        return bad_address(text, "port must be a number from 0 to 65535");
    }
    if (!host.empty()) listen.address = std::string(host);
    for (const char c : listen.address) {
        if (static_cast<unsigned char>(c) <= ' ' || c == '/' || c == '[' || c == ']') {
            return bad_address(text, "not an address");
        }
    }
    listen.port = number;
    return listen;
}

bool is_loopback(std::string_view address) {
    if (address == "localhost") return true;
    const std::string text(address);
    in_addr v4{};
    if (inet_pton(AF_INET, text.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
    in6_addr v6{};
    if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) {
        if (IN6_IS_ADDR_LOOPBACK(&v6)) return true;
        return IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127;
    }
    return false;
}

}  // namespace niamd::web
