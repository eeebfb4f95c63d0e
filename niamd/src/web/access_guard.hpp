// AccessGuard: who may read the web interface. With neither an access token nor a
// basic-auth file everything is open (allowed on loopback only; WebServer checks that).
// Otherwise a request needs one of:
//   Authorization: Bearer <token>
//   Authorization: Basic base64(user:password)   (a user of the basic-auth file)
//   Cookie: niam_token=<token>                    (set after a visit with ?token=<token>)
//   ?token=<token> in the query
// Secrets are compared as SHA-256 digests in constant time and never logged.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <awsrest/result.hpp>

#include "web/basic_auth_file.hpp"

namespace niamd::web {

inline constexpr std::size_t kMinTokenChars = 16;
inline constexpr std::size_t kMaxTokenChars = 256;
inline constexpr std::string_view kTokenCookie = "niam_token";

// What a request carried that may prove access.
struct PresentedCredentials {
    std::string_view authorization;          // the Authorization header, may be empty
    std::string_view cookie;                 // the Cookie header, may be empty
    std::optional<std::string_view> token;   // the ?token= query parameter
};

class AccessGuard {
public:
    AccessGuard() = default;  // open: no credentials needed

    // token: empty for none, else kMinTokenChars..kMaxTokenChars of [A-Za-z0-9._~+/=-].
    // basic_auth_file: empty for none, else read now (see basic_auth_file.hpp).
    static awsrest::Result<AccessGuard> create(std::string_view token,
                                               const std::filesystem::path& basic_auth_file);

    bool required() const noexcept { return token_digest_.has_value() || !users_.empty(); }
    bool allows(const PresentedCredentials& presented) const;
    bool token_matches(std::string_view token) const;
    bool user_matches(std::string_view name, std::string_view password) const;

    // The WWW-Authenticate value of a 401: Basic when users are configured, else Bearer.
    std::string_view challenge() const noexcept;

private:
    std::optional<PasswordDigest> token_digest_;
    std::vector<BasicUser> users_;
};

// The value of cookie `name` in a Cookie header, if present.
std::optional<std::string_view> cookie_value(std::string_view cookie_header, std::string_view name);

}  // namespace niamd::web
