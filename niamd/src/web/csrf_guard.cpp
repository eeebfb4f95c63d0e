#include "web/csrf_guard.hpp"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <array>
#include <stdexcept>

#include "text/ascii_case.hpp"

namespace niamd::web {

namespace {

using text::equals_ignoring_case;
constexpr auto trim = text::trim_blanks;

}  // namespace

std::string_view describe(CsrfVerdict verdict) noexcept {
    switch (verdict) {
        case CsrfVerdict::Allowed: return "allowed";
        case CsrfVerdict::CrossSite: return "cross-site request refused (Sec-Fetch-Site)";
        case CsrfVerdict::ForeignOrigin: return "request from another origin refused (Origin)";
        case CsrfVerdict::NoToken: return "X-CSRF-Token header and niam_csrf cookie required";
        case CsrfVerdict::WrongToken: return "X-CSRF-Token does not match the niam_csrf cookie";
    }
    return "refused";
}

CsrfVerdict check_state_change(const StateChange& request) {
    const std::string_view site = trim(request.sec_fetch_site);
    if (!site.empty() && !equals_ignoring_case(site, "same-origin") && !equals_ignoring_case(site, "none")) {
        return CsrfVerdict::CrossSite;
    }
    const std::string_view origin = trim(request.origin);
    if (!origin.empty()) {
        const std::size_t scheme_end = origin.find("://");
        if (scheme_end == std::string_view::npos ||
            !equals_ignoring_case(origin.substr(0, scheme_end), request.scheme) ||
            !equals_ignoring_case(origin.substr(scheme_end + 3), trim(request.host)) || trim(request.host).empty()) {
            return CsrfVerdict::ForeignOrigin;
        }
    }
    const auto cookie = cookie_value(request.cookie, kCsrfCookie);
    const std::string_view token = trim(request.token);
    if (!cookie || cookie->empty() || token.empty()) return CsrfVerdict::NoToken;
    if (cookie->size() != token.size() || CRYPTO_memcmp(cookie->data(), token.data(), token.size()) != 0) {
        return CsrfVerdict::WrongToken;
    }
    return CsrfVerdict::Allowed;
}

bool is_csrf_token(std::string_view value) {
    if (value.size() != kCsrfTokenChars) return false;
    for (const char c : value) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

std::string new_csrf_token() {
    std::array<unsigned char, kCsrfTokenChars / 2> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
        throw std::runtime_error("no random bytes for a CSRF token");
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string token;
    for (const unsigned char byte : bytes) {
        token += kHex[byte >> 4];
        token += kHex[byte & 0xf];
    }
    return token;
}

}  // namespace niamd::web
