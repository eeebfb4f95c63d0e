#include "web/access_guard.hpp"

#include <openssl/crypto.h>

#include "web/base64.hpp"

namespace niamd::web {
namespace {

bool is_token_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '~' || c == '+' || c == '/' || c == '=' || c == '-';
}

bool same_digest(const PasswordDigest& a, const PasswordDigest& b) {
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

// "Bearer abc" with scheme "bearer" -> "abc"; case-insensitive scheme.
std::optional<std::string_view> auth_param(std::string_view header, std::string_view scheme) {
    header = trim(header);
    if (header.size() <= scheme.size() || header[scheme.size()] != ' ') return std::nullopt;
    for (std::size_t i = 0; i < scheme.size(); ++i) {
        const char c = header[i];
        const char lower = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
        if (lower != scheme[i]) return std::nullopt;
    }
    return trim(header.substr(scheme.size() + 1));
}

}  // namespace

std::optional<std::string_view> cookie_value(std::string_view cookie_header, std::string_view name) {
    while (!cookie_header.empty()) {
        const std::size_t end = cookie_header.find(';');
        const std::string_view pair = trim(cookie_header.substr(0, end));
        cookie_header.remove_prefix(end == std::string_view::npos ? cookie_header.size() : end + 1);
        const std::size_t equals = pair.find('=');
        if (equals != std::string_view::npos && pair.substr(0, equals) == name) {
            std::string_view value = pair.substr(equals + 1);
            if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
            return value;
        }
    }
    return std::nullopt;
}

awsrest::Result<AccessGuard> AccessGuard::create(std::string_view token,
                                                 const std::filesystem::path& basic_auth_file) {
    AccessGuard guard;
    if (!token.empty()) {
        if (token.size() < kMinTokenChars || token.size() > kMaxTokenChars) {
            return awsrest::make_error(awsrest::ErrorKind::InvalidArgument,
                                       "web access token: needs " + std::to_string(kMinTokenChars) + " to " +
                                           std::to_string(kMaxTokenChars) + " characters");
        }
        for (const char c : token) {
            if (!is_token_char(c)) {
                return awsrest::make_error(awsrest::ErrorKind::InvalidArgument,
                                           "web access token: only letters, digits and . _ ~ + / = - allowed");
            }
        }
        guard.token_digest_ = password_digest(token);
    }
    if (!basic_auth_file.empty()) {
        auto users = load_basic_auth_file(basic_auth_file);
        if (!users) return std::move(users).error();
        guard.users_ = std::move(users.value());
    }
    return guard;
}

bool AccessGuard::token_matches(std::string_view token) const {
    if (!token_digest_ || token.empty() || token.size() > kMaxTokenChars) return false;
    return same_digest(password_digest(token), *token_digest_);
}

bool AccessGuard::user_matches(std::string_view name, std::string_view password) const {
    const PasswordDigest digest = password_digest(password);
    bool match = false;
    for (const auto& user : users_) {
        // Every user is compared, so the time taken does not tell which one matched.
        match |= user.name == name && same_digest(digest, user.digest);
    }
    return match;
}

bool AccessGuard::allows(const PresentedCredentials& presented) const {
    if (!required()) return true;
    if (const auto bearer = auth_param(presented.authorization, "bearer")) {
        if (token_matches(*bearer)) return true;
    }
    if (const auto basic = auth_param(presented.authorization, "basic"); basic && !users_.empty()) {
        if (const auto decoded = decode_base64(*basic)) {
            const std::size_t colon = decoded->find(':');
            if (colon != std::string::npos &&
                user_matches(std::string_view(*decoded).substr(0, colon),
                             std::string_view(*decoded).substr(colon + 1))) {
                return true;
            }
        }
    }
    if (const auto cookie = cookie_value(presented.cookie, kTokenCookie)) {
        if (token_matches(*cookie)) return true;
    }
    return presented.token && token_matches(*presented.token);
}

std::string_view AccessGuard::challenge() const noexcept {
    return users_.empty() ? "Bearer realm=\"niam\"" : "Basic realm=\"niam\", charset=\"UTF-8\"";
}

}  // namespace niamd::web
