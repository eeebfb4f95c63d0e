// The basic-auth file of the web interface: one "user:password" or "user:{SHA256}hex"
// per line (hex: the 64-digit SHA-256 of the password, e.g. `printf %s "$pw" | sha256sum`).
// Blank lines and lines starting with '#' are skipped. Passwords are kept only as their
// SHA-256; errors name the file and line, never the password. A file holding a plain
// password must be readable by its owner only (the master's user, mode 0600), as the
// .awsAuth file must; one of {SHA256} hashes only may be readable by others.
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

struct BasicUser {
    std::string name;
    PasswordDigest digest{};
    bool plain = false;  // given as a plain password, not as {SHA256}
};

// `source` names the text in errors ("/etc/niam/web.users:3: ...").
awsrest::Result<std::vector<BasicUser>> parse_basic_auth_file(std::string_view text, std::string_view source);
awsrest::Result<std::vector<BasicUser>> load_basic_auth_file(const std::filesystem::path& path);

}  // namespace niamd::web
