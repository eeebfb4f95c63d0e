// AccessGuard: who may read the web interface. With neither an access token nor a
// basic-auth file everything is open (allowed on loopback only; WebServer checks that).
// Otherwise a request needs one of:
//   Authorization: Bearer <token>
//   Authorization: Basic base64(user:password)   (a user of the basic-auth file)
//   Cookie: niam_token=<token>                    (set after a visit with ?token=<token>)
//   ?token=<token> in the query
// Secrets are compared as SHA-256 digests in constant time and never logged. A basic-auth
// user with a crypt hash (bcrypt, yescrypt, SHA-512 crypt) is checked through libcrypt,
// which is slow on purpose; the pair last verified for each user is remembered (as a
// keyed SHA-256, one per user, so the memory is bounded by the file), so a browser's
// every request does not pay for it again. At most kMaxConcurrentHashChecks such checks
// run at once: past it a request is answered Busy without checking, so wrong passwords
// can never hold every worker.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
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
inline constexpr int kMaxConcurrentHashChecks = 4;  // half the web's 8 workers

// What a request carried that may prove access.
struct PresentedCredentials {
    std::string_view authorization;         // the Authorization header, may be empty
    std::string_view cookie;                // the Cookie header, may be empty
    std::optional<std::string_view> token;  // the ?token= query parameter
};

// What the guard made of a request.
enum class AccessVerdict {
    Allowed,
    NoCredentials,     // nothing that could prove access was presented
    WrongCredentials,  // credentials were presented and none matched
    Busy,              // a password hash would have to be checked and too many are being checked
};

// True when the request carries something that would be checked: an Authorization
// header, the token cookie or ?token=.
bool presents_credentials(const PresentedCredentials& presented);

class AccessGuard {
  public:
    AccessGuard() = default;  // open: no credentials needed

    // token: empty for none, else kMinTokenChars..kMaxTokenChars of [A-Za-z0-9._~+/=-].
    // basic_auth_file: empty for none, else read now (see basic_auth_file.hpp).
    static awsrest::Result<AccessGuard> create(std::string_view token, const std::filesystem::path& basic_auth_file);

    bool required() const noexcept { return token_digest_.has_value() || !users_.empty(); }
    AccessVerdict check(const PresentedCredentials& presented) const;
    bool allows(const PresentedCredentials& presented) const { return check(presented) == AccessVerdict::Allowed; }
    bool token_matches(std::string_view token) const;
    // nullopt: Busy (a crypt hash had to be checked and kMaxConcurrentHashChecks were running).
    std::optional<bool> user_matches(std::string_view name, std::string_view password) const;

    // The WWW-Authenticate value of a 401: Basic when users are configured, else Bearer.
    std::string_view challenge() const noexcept;

  private:
    // The pair last verified per crypt user, as SHA-256(key || password); shared by the
    // copies of a guard.
    struct VerifiedLogins {
        std::array<std::uint8_t, 32> key{};  // random, drawn at creation
        std::mutex mutex;
        std::vector<std::optional<PasswordDigest>> by_user;  // parallel to users_
        std::atomic<int> checking{0};
    };
    PasswordDigest keyed_digest(std::string_view password) const;

    std::optional<PasswordDigest> token_digest_;
    std::vector<BasicUser> users_;
    std::shared_ptr<VerifiedLogins> verified_;
};

// The value of cookie `name` in a Cookie header, if present.
std::optional<std::string_view> cookie_value(std::string_view cookie_header, std::string_view name);

}  // namespace niamd::web
