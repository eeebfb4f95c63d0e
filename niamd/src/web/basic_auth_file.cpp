#include "web/basic_auth_file.hpp"

#include <crypt.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>
#include <memory>
#include <new>

#include "log/log.hpp"
#include "text/ascii_case.hpp"
#include "web/secret_file.hpp"

namespace niamd::web {
namespace {

constexpr std::string_view kSha256Scheme = "{SHA256}";

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
    return text;
}

// The crypt schemes verified through libcrypt: bcrypt, yescrypt, SHA-512 and SHA-256 crypt.
bool is_crypt_scheme(std::string_view secret) {
    for (const std::string_view prefix : {"$2y$", "$2b$", "$2a$", "$y$", "$6$", "$5$"}) {
        if (secret.starts_with(prefix)) return true;
    }
    return false;
}

// Other schemes of htpasswd and LDAP: weak ($apr1$, $1$, {SHA}) or unknown here.
bool is_hashed_elsewhere(std::string_view secret) {
    return secret.starts_with("$") || secret.starts_with("{SHA}") || secret.starts_with("{SSHA}");
}

// The length of the last '$' field (the hash itself) each scheme writes; libcrypt's
// crypt_checksalt checks only the setting before it.
std::size_t hash_field_chars(std::string_view hash) {
    if (hash.starts_with("$2")) return 53;  // $2y$NN$ then 22 salt and 31 hash characters
    if (hash.starts_with("$6$")) return 86;
    return 43;  // $y$ and $5$
}

// A crypt hash as its scheme writes it, of the characters crypt writes, whose setting
// libcrypt accepts.
bool is_valid_crypt_hash(std::string_view hash) {
    if (hash.size() >= CRYPT_OUTPUT_SIZE) return false;
    for (const char c : hash) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
                        c == '/' || c == '$' || c == '=';
        if (!ok) return false;
    }
    const std::string_view last = hash.substr(hash.rfind('$') + 1);
    if (last.size() != hash_field_chars(hash) || last.find('=') != std::string_view::npos) return false;
    if (hash.starts_with("$2") && hash.size() != 60) return false;
    return crypt_checksalt(std::string(hash).c_str()) == CRYPT_SALT_OK;
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

bool crypt_matches(std::string_view password, const std::string& crypt_hash) {
    if (password.find('\0') != std::string_view::npos) return false;
    const std::string phrase(password);
    auto data = std::make_unique<crypt_data>();  // zeroed, as crypt_rn wants; 32 KiB, so not on the stack
    const char* computed = crypt_rn(phrase.c_str(), crypt_hash.c_str(), data.get(), sizeof *data);
    const bool match = computed != nullptr && computed[0] != '*' &&
                       std::string_view(computed).size() == crypt_hash.size() &&
                       CRYPTO_memcmp(computed, crypt_hash.data(), crypt_hash.size()) == 0;
    OPENSSL_cleanse(data.get(), sizeof *data);
    return match;
}

awsrest::Result<std::vector<BasicUser>> parse_basic_auth_file(std::string_view text, std::string_view source) {
    if (text.size() > kMaxBasicAuthFileBytes) {
        return awsrest::make_error(awsrest::ErrorKind::Parse, std::string(source) + ": larger than " +
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
        if (is_hashed_elsewhere(secret) && !is_crypt_scheme(secret)) {
            return line_error(source, line_number,
                              "unsupported password hash (use htpasswd -B, mkpasswd, or {SHA256} and 64 hex digits)");
        }
        if (is_crypt_scheme(secret) && !is_valid_crypt_hash(secret)) {
            return line_error(source, line_number, "malformed password hash for user " + std::string(name));
        }
        for (const auto& user : users) {
            if (user.name == name)
                return line_error(source, line_number, "user " + std::string(name) + " listed twice");
        }
        if (users.size() == kMaxBasicAuthUsers) {
            return line_error(source, line_number, "more than " + std::to_string(kMaxBasicAuthUsers) + " users");
        }

        BasicUser user;
        user.name = std::string(name);
        if (is_crypt_scheme(secret)) {
            user.scheme = PasswordScheme::Crypt;
            user.crypt_hash = std::string(secret);
        } else if (secret.starts_with(kSha256Scheme)) {
            user.scheme = PasswordScheme::Sha256;
            const std::string_view hex = secret.substr(kSha256Scheme.size());
            if (hex.size() != 64) return line_error(source, line_number, "{SHA256} needs 64 hex digits");
            for (std::size_t i = 0; i < user.digest.size(); ++i) {
                const int high = text::hex_digit_value(hex[2 * i]);
                const int low = text::hex_digit_value(hex[2 * i + 1]);
                if (high < 0 || low < 0) return line_error(source, line_number, "{SHA256} needs 64 hex digits");
                user.digest[i] = static_cast<std::uint8_t>(high << 4 | low);
            }
        } else {
            user.digest = password_digest(secret);
            user.scheme = PasswordScheme::Plain;
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
    const auto count = [&](PasswordScheme scheme) {
        return std::count_if(users->begin(), users->end(),
                             [&](const BasicUser& user) { return user.scheme == scheme; });
    };
    if (count(PasswordScheme::Plain) > 0 && !file->refusal.empty()) {
        return awsrest::make_error(awsrest::ErrorKind::InvalidArgument,
                                   "basic auth file " + path.string() + ": refused: it holds plain passwords and " +
                                       file->refusal + " (or write hashes: htpasswd -B, mkpasswd)");
    }
    if (const auto sha256 = count(PasswordScheme::Sha256); sha256 > 0) {
        log::warning("basic auth file " + path.string() + ": " + std::to_string(sha256) +
                     " user(s) with a {SHA256} hash, which is fast to guess; prefer htpasswd -B or mkpasswd");
    }
    return users;
}

}  // namespace niamd::web
