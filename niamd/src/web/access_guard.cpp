#include "web/access_guard.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <new>

#include "web/base64.hpp"

namespace niamd::web {
namespace {

bool is_token_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '~' || c == '+' || c == '/' || c == '=' || c == '-';
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

// Holds one of the few hash-check slots while it lives, if one was free.
class HashCheckSlot {
  public:
    explicit HashCheckSlot(std::atomic<int>& checking) : checking_(checking) {
        held_ = checking_.fetch_add(1) < kMaxConcurrentHashChecks;
        if (!held_) checking_.fetch_sub(1);
    }
    ~HashCheckSlot() {
        if (held_) checking_.fetch_sub(1);
    }
    HashCheckSlot(const HashCheckSlot&) = delete;
    HashCheckSlot& operator=(const HashCheckSlot&) = delete;
    bool held() const noexcept { return held_; }

  private:
    std::atomic<int>& checking_;
    bool held_ = false;
};

}  // namespace

bool presents_credentials(const PresentedCredentials& presented) {
    return !trim(presented.authorization).empty() || presented.token.has_value() ||
           cookie_value(presented.cookie, kTokenCookie).has_value();
}

std::optional<std::string_view> cookie_value(std::string_view cookie_header, std::string_view name) {
    while (!cookie_header.empty()) {
        const std::size_t end = cookie_header.find(';');
        const std::string_view pair = trim(cookie_header.substr(0, end));
        cookie_header.remove_prefix(end == std::string_view::npos ? cookie_header.size() : end + 1);
        const std::size_t equals = pair.find('=');
        if (equals != std::string_view::npos && pair.substr(0, equals) == name) {
            std::string_view value = pair.substr(equals + 1);
            if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
                value = value.substr(1, value.size() - 2);
            return value;
        }
    }
    return std::nullopt;
}

awsrest::Result<AccessGuard> AccessGuard::create(std::string_view token, const std::filesystem::path& basic_auth_file) {
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
    guard.verified_ = std::make_shared<VerifiedLogins>();
    if (RAND_bytes(guard.verified_->key.data(), static_cast<int>(guard.verified_->key.size())) != 1) {
        return awsrest::make_error(awsrest::ErrorKind::InvalidArgument, "web: no random bytes for the login cache");
    }
    guard.verified_->by_user.resize(guard.users_.size());
    return guard;
}

PasswordDigest AccessGuard::keyed_digest(std::string_view password) const {
    PasswordDigest digest{};
    unsigned int length = 0;
    EVP_MD_CTX* context = EVP_MD_CTX_new();
    const bool ok = context != nullptr && EVP_DigestInit_ex(context, EVP_sha256(), nullptr) == 1 &&
                    EVP_DigestUpdate(context, verified_->key.data(), verified_->key.size()) == 1 &&
                    EVP_DigestUpdate(context, password.data(), password.size()) == 1 &&
                    EVP_DigestFinal_ex(context, digest.data(), &length) == 1 && length == digest.size();
    EVP_MD_CTX_free(context);
    if (!ok) throw std::bad_alloc();  // EVP can only fail by running out of memory
    return digest;
}

bool AccessGuard::token_matches(std::string_view token) const {
    if (!token_digest_ || token.empty() || token.size() > kMaxTokenChars) return false;
    return same_digest(password_digest(token), *token_digest_);
}

std::optional<bool> AccessGuard::user_matches(std::string_view name, std::string_view password) const {
    const BasicUser* user = nullptr;
    std::size_t index = 0;
    const BasicUser* decoy = nullptr;  // an unknown name costs a crypt check too, so the time does not tell names
    for (std::size_t i = 0; i < users_.size(); ++i) {
        if (users_[i].name == name) {
            user = &users_[i];
            index = i;
        }
        if (decoy == nullptr && users_[i].scheme == PasswordScheme::Crypt) decoy = &users_[i];
    }
    if (user != nullptr && user->scheme != PasswordScheme::Crypt) {
        return same_digest(password_digest(password), user->digest);
    }
    if (user == nullptr && decoy == nullptr) return false;
    const PasswordDigest keyed = keyed_digest(password);
    if (user != nullptr) {
        std::lock_guard lock(verified_->mutex);
        const auto& remembered = verified_->by_user[index];
        if (remembered && same_digest(*remembered, keyed)) return true;
    }
    const HashCheckSlot slot(verified_->checking);
    if (!slot.held()) return std::nullopt;
    if (user == nullptr) {
        (void)crypt_matches(password, decoy->crypt_hash);
        return false;
    }
    if (!crypt_matches(password, user->crypt_hash)) return false;
    std::lock_guard lock(verified_->mutex);
    verified_->by_user[index] = keyed;
    return true;
}

AccessVerdict AccessGuard::check(const PresentedCredentials& presented) const {
    if (!required()) return AccessVerdict::Allowed;
    bool busy = false;
    if (const auto bearer = auth_param(presented.authorization, "bearer")) {
        if (token_matches(*bearer)) return AccessVerdict::Allowed;
    }
    if (const auto basic = auth_param(presented.authorization, "basic"); basic && !users_.empty()) {
        if (const auto decoded = decode_base64(*basic)) {
            const std::size_t colon = decoded->find(':');
            if (colon != std::string::npos) {
                const auto matched = user_matches(std::string_view(*decoded).substr(0, colon),
                                                  std::string_view(*decoded).substr(colon + 1));
                if (matched == true) return AccessVerdict::Allowed;
                busy = !matched.has_value();
            }
        }
    }
    if (const auto cookie = cookie_value(presented.cookie, kTokenCookie)) {
        if (token_matches(*cookie)) return AccessVerdict::Allowed;
    }
    if (presented.token && token_matches(*presented.token)) return AccessVerdict::Allowed;
    if (busy) return AccessVerdict::Busy;
    return presents_credentials(presented) ? AccessVerdict::WrongCredentials : AccessVerdict::NoCredentials;
}

std::string_view AccessGuard::challenge() const noexcept {
    return users_.empty() ? "Bearer realm=\"niam\"" : "Basic realm=\"niam\", charset=\"UTF-8\"";
}

}  // namespace niamd::web
