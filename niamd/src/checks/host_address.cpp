#include "checks/host_address.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>

#include <cstring>
#include <system_error>

namespace niamd::checks {

std::string HostAddress::text() const {
    char buffer[INET6_ADDRSTRLEN] = {};
    const void* raw = nullptr;
    if (family() == AF_INET) raw = &reinterpret_cast<const sockaddr_in*>(&storage)->sin_addr;
    if (family() == AF_INET6) raw = &reinterpret_cast<const sockaddr_in6*>(&storage)->sin6_addr;
    if (raw == nullptr || ::inet_ntop(family(), raw, buffer, sizeof buffer) == nullptr) return "?";
    return buffer;
}

ResolvedHost resolve_host(std::string_view host, int port, int socktype) {
    ResolvedHost resolved;
    std::string name(host);
    if (name.size() >= 2 && name.front() == '[' && name.back() == ']') name = name.substr(1, name.size() - 2);
    if (name.empty() || name.find('\0') != std::string::npos) {
        resolved.error = "no host to resolve";
        return resolved;
    }
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = socktype == SOCK_RAW ? SOCK_DGRAM : socktype;  // the resolver knows no raw sockets
    addrinfo* list = nullptr;
    const std::string service = std::to_string(port);
    const int rc = ::getaddrinfo(name.c_str(), service.c_str(), &hints, &list);
    if (rc != 0) {
        resolved.error = "could not resolve host '" + name +
                         "': " + (rc == EAI_SYSTEM ? system_error_text(errno) : std::string(::gai_strerror(rc)));
        return resolved;
    }
    for (const addrinfo* entry = list; entry != nullptr; entry = entry->ai_next) {
        if (entry->ai_family != AF_INET && entry->ai_family != AF_INET6) continue;
        if (entry->ai_addrlen > sizeof(sockaddr_storage)) continue;
        HostAddress address;
        std::memcpy(&address.storage, entry->ai_addr, entry->ai_addrlen);
        address.length = entry->ai_addrlen;
        resolved.addresses.push_back(address);
    }
    ::freeaddrinfo(list);
    if (resolved.addresses.empty()) resolved.error = "host '" + name + "' has no IPv4 or IPv6 address";
    return resolved;
}

std::string system_error_text(int errnum) { return std::system_category().message(errnum); }

}  // namespace niamd::checks
