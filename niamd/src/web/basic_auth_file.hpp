// The basic-auth file of the web interface, one user per line:
//   user:$2y$...          bcrypt, as `htpasswd -B` writes it ($2b$, $2a$ too)
//   user:$y$...           yescrypt, as `mkpasswd` (libxcrypt's default) writes it
//   user:$6$...           SHA-512 crypt, `mkpasswd -m sha-512`
//   user:{SHA256}hex      the 64-digit SHA-256 of the password (accepted with a warning:
//                         it is not a slow hash)
//   user:password         a plain password
// The crypt hashes are verified through libcrypt (libxcrypt). Blank lines and lines
// starting with '#' are skipped. Plain passwords are kept only as their SHA-256; errors
// name the file and line, never the password or hash. A file holding a plain password
// must be readable by its owner only (the master's user, mode 0600), as the .awsAuth file
// must; one of hashes only may be readable by others.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <awsrest/result.hpp>

namespace niamd::web {

inline constexpr std::size_t kMaxBasicAuthFileBytes = 64 * 1024;
inline constexpr std::size_t kMaxBasicAuthUsers = 1000;

using PasswordDigest = std::array<std::uint8_t, 32>;

PasswordDigest password_digest(std::string_view password);

enum class PasswordScheme {
    Plain,   // digest: SHA-256 of the password given in the file
    Sha256,  // digest: the {SHA256} given in the file
    Crypt,   // crypt_hash: a $2y$/$2b$/$2a$, $y$ or $6$ hash, verified through libcrypt
};

struct BasicUser {
    std::string name;
    PasswordScheme scheme = PasswordScheme::Plain;
    PasswordDigest digest{};
    std::string crypt_hash;
};

// Whether `password` is the one `crypt_hash` was made from (libcrypt's crypt_rn, slow on
// purpose for bcrypt and yescrypt; compared in constant time). False for a password
// holding a NUL byte, which crypt would cut short.
bool crypt_matches(std::string_view password, const std::string& crypt_hash);

// `source` names the text in errors ("/etc/niam/web.users:3: ...").
awsrest::Result<std::vector<BasicUser>> parse_basic_auth_file(std::string_view text, std::string_view source);
awsrest::Result<std::vector<BasicUser>> load_basic_auth_file(const std::filesystem::path& path);

}  // namespace niamd::web
