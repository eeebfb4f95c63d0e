// What a state-changing request (POST, DELETE) must show besides its credentials, so that a
// page of another site cannot make a visitor's browser change anything (docs/web.md "Changes"):
//   - no Sec-Fetch-Site other than same-origin or none (a browser says cross-site, same-site);
//   - no Origin other than this server's own (scheme://Host);
//   - a header X-CSRF-Token equal to the cookie niam_csrf (double submit: the dashboard gets
//     the cookie, SameSite=Strict, with every page and copies it into the header; a page of
//     another origin can neither read it nor set the header on a cross-site request).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "web/access_guard.hpp"  // cookie_value

namespace niamd::web {

inline constexpr std::string_view kCsrfCookie = "niam_csrf";
inline constexpr std::string_view kCsrfHeader = "X-CSRF-Token";
inline constexpr std::size_t kCsrfTokenChars = 32;

struct StateChange {
    std::string_view scheme;          // "http" or "https"
    std::string_view host;            // the Host header
    std::string_view origin;          // the Origin header, may be empty
    std::string_view sec_fetch_site;  // may be empty
    std::string_view cookie;          // the Cookie header, may be empty
    std::string_view token;           // the X-CSRF-Token header, may be empty
};

enum class CsrfVerdict { Allowed, CrossSite, ForeignOrigin, NoToken, WrongToken };
std::string_view describe(CsrfVerdict verdict) noexcept;  // for the 403's error body

CsrfVerdict check_state_change(const StateChange& request);

// Whether `value` looks like a token new_csrf_token() makes (so a page keeps a good one).
bool is_csrf_token(std::string_view value);
// kCsrfTokenChars hex characters from the system's random source.
std::string new_csrf_token();

}  // namespace niamd::web
