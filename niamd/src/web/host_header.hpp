// Whether a request's Host header names this server, for an interface served openly on
// loopback: a page of evil.example whose name an attacker rebinds to 127.0.0.1 (DNS
// rebinding) sends "Host: evil.example", and must not read the host list.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <awsrest/result.hpp>

namespace niamd::web {

inline constexpr std::size_t kMaxWebHostNames = 32;

// True when the name in `host_header` (a port and one trailing dot ignored, case
// insensitive) is a loopback address (127.0.0.0/8, [::1]), "localhost", or one of
// `allowed` (names given with --web-host). False for an empty or malformed header.
bool host_header_allowed(std::string_view host_header, const std::vector<std::string>& allowed);

// Checks --web-host names: 1-253 of [A-Za-z0-9.-], at most kMaxWebHostNames of them.
awsrest::Result<void> check_web_host_names(const std::vector<std::string>& names);

}  // namespace niamd::web
