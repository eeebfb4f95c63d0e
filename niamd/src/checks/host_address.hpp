// Resolving a check's target (a host name or an address; IPv6 may be in brackets).
#pragma once

#include <sys/socket.h>

#include <string>
#include <string_view>
#include <vector>

namespace niamd::checks {

struct HostAddress {
    sockaddr_storage storage{};
    socklen_t length = 0;

    int family() const { return storage.ss_family; }
    const sockaddr* get() const { return reinterpret_cast<const sockaddr*>(&storage); }
    std::string text() const;  // "127.0.0.1", "::1"
};

struct ResolvedHost {
    std::vector<HostAddress> addresses;  // in the resolver's order; empty on failure
    std::string error;                   // "could not resolve host 'x': Name or service not known"
};

// The addresses of `host` for sockets of `socktype` (SOCK_STREAM, SOCK_DGRAM, SOCK_RAW),
// with `port` set (0 for ICMP). Blocks for as long as the system resolver takes.
ResolvedHost resolve_host(std::string_view host, int port, int socktype);

// errno as text ("Connection refused"), thread-safe.
std::string system_error_text(int errnum);

}  // namespace niamd::checks
