#include "web/host_header.hpp"

#include "web/listen_address.hpp"

namespace niamd::web {
namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

bool all_digits(std::string_view text) {
    if (text.empty() || text.size() > 5) return false;
    for (const char c : text) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

bool is_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
}

}  // namespace

bool host_header_allowed(std::string_view host_header, const std::vector<std::string>& allowed) {
    while (!host_header.empty() && (host_header.front() == ' ' || host_header.front() == '\t'))
        host_header.remove_prefix(1);
    while (!host_header.empty() && (host_header.back() == ' ' || host_header.back() == '\t'))
        host_header.remove_suffix(1);
    std::string_view name = host_header;
    std::string_view port;
    if (!name.empty() && name.front() == '[') {
        const std::size_t close = name.find(']');
        if (close == std::string_view::npos) return false;
        port = name.substr(close + 1);
        name = name.substr(1, close - 1);
        if (!port.empty() && (port.front() != ':' || !all_digits(port.substr(1)))) return false;
        return name == "::1";
    }
    if (const std::size_t colon = name.find(':'); colon != std::string_view::npos) {
        port = name.substr(colon + 1);
        name = name.substr(0, colon);
        if (!all_digits(port)) return false;
    }
    if (!name.empty() && name.back() == '.') name.remove_suffix(1);
    if (name.empty()) return false;
    for (const char c : name) {
        if (!is_name_char(c)) return false;
    }
    const std::string wanted = lower(name);
    if (wanted == "localhost" || is_loopback(wanted)) return true;
    for (const auto& allowed_name : allowed) {
        std::string_view allowed_view = allowed_name;
        if (!allowed_view.empty() && allowed_view.back() == '.') allowed_view.remove_suffix(1);
        if (lower(allowed_view) == wanted) return true;
    }
    return false;
}

awsrest::Result<void> check_web_host_names(const std::vector<std::string>& names) {
    if (names.size() > kMaxWebHostNames) {
        return awsrest::make_error(awsrest::ErrorKind::InvalidArgument,
                                   "--web-host: more than " + std::to_string(kMaxWebHostNames) + " names");
    }
    for (const auto& name : names) {
        bool good = !name.empty() && name.size() <= 253;
        for (const char c : name) good = good && is_name_char(c);
        if (!good) {
            return awsrest::make_error(
                awsrest::ErrorKind::InvalidArgument,
                "--web-host '" + name + "': expected a host name of letters, digits, '.' and '-'");
        }
    }
    return {};
}

}  // namespace niamd::web
