#include "web/basic_auth_file.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <new>

#include "web/secret_file.hpp"

namespace niamd::web {
namespace {

constexpr std::string_view kSha256Scheme = "{SHA256}";

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
    return text;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool is_hashed_elsewhere(std::string_view secret) {
    return secret.starts_with("$2") || secret.starts_with("$apr1$") || secret.starts_with("$1$") ||
           secret.starts_with("$5$") || secret.starts_with("$6$") || secret.starts_with("{SHA}") ||
           secret.starts_with("{SSHA}");
}

awsrest::Error line_error(std::string_view source, std::size_t line, std::string_view what) {
    return awsrest::make_error(awsrest::ErrorKind::Parse,
                               std::string(source) + ":" + std::to_string(line) + ": " + std::string(what));
}

}  // namespace

PasswordDigest password_digest(std::string_view password) {
    PasswordDigest digest{};
    unsigned int length = 0;
    if (EVP_Digest(password.data(), password.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1 ||
        length != digest.size()) {
        throw std::bad_alloc();  // EVP can only fail by running out of memory
    }
    return digest;
}

awsrest::Result<std::vector<BasicUser>> parse_basic_auth_file(std::string_view text, std::string_view source) {
    if (text.size() > kMaxBasicAuthFileBytes) {
        return awsrest::make_error(awsrest::ErrorKind::Parse,
                                   std::string(source) + ": larger than " +
                                       std::to_string(kMaxBasicAuthFileBytes) + " bytes");
    }
    std::vector<BasicUser> users;
    std::size_t line_number = 0;
    while (!text.empty()) {
        ++line_number;
        const std::size_t end = text.find('\n');
        const std::string_view line = trim(text.substr(0, end));
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
        if (line.empty() || line.front() == '#') continue;

        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) return line_error(source, line_number, "expected user:password");
        const std::string_view name = line.substr(0, colon);
        const std::string_view secret = line.substr(colon + 1);
        if (name.empty()) return line_error(source, line_number, "empty user name");
        for (const char c : name) {
            if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f) {
                return line_error(source, line_number, "user name with a space or control character");
            }
        }
        if (secret.empty()) return line_error(source, line_number, "empty password for user " + std::string(name));
        if (is_hashed_elsewhere(secret)) {
            return line_error(source, line_number,
                              "unsupported password hash (use a plain password or {SHA256} and 64 hex digits)");
        }
        for (const auto& user : users) {
            if (user.name == name) return line_error(source, line_number, "user " + std::string(name) + " listed twice");
        }
        if (users.size() == kMaxBasicAuthUsers) {
            return line_error(source, line_number, "more than " + std::to_string(kMaxBasicAuthUsers) + " users");
        }

        BasicUser user{std::string(name), {}};
        if (secret.starts_with(kSha256Scheme)) {
            const std::string_view hex = secret.substr(kSha256Scheme.size());
            if (hex.size() != 64) return line_error(source, line_number, "{SHA256} needs 64 hex digits");
            for (std::size_t i = 0; i < user.digest.size(); ++i) {
                const int high = hex_value(hex[2 * i]);
                const int low = hex_value(hex[2 * i + 1]);
                if (high < 0 || low < 0) return line_error(source, line_number, "{SHA256} needs 64 hex digits");
                user.digest[i] = static_cast<std::uint8_t>(high << 4 | low);
            }
        } else {
            user.digest = password_digest(secret);
            user.plain = true;
        }
        users.push_back(std::move(user));
    }
    if (users.empty()) {
        return awsrest::make_error(awsrest::ErrorKind::Parse, std::string(source) + ": no users");
    }
    return users;
}

awsrest::Result<std::vector<BasicUser>> load_basic_auth_file(const std::filesystem::path& path) {
    auto file = read_secret_file(path, kMaxBasicAuthFileBytes, "basic auth file");
    if (!file) return std::move(file).error();
    auto users = parse_basic_auth_file(file->text, path.string());
    if (!users) return users;
    const bool plain = std::any_of(users->begin(), users->end(), [](const BasicUser& user) { return user.plain; });
    if (plain && !file->refusal.empty()) {
        return awsrest::make_error(awsrest::ErrorKind::InvalidArgument,
                                   "basic auth file " + path.string() + ": refused: it holds plain passwords and " +
                                       file->refusal + " (or write {SHA256} hashes)");
    }
    return users;
}

}  // namespace niamd::web
