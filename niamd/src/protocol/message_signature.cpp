#include "protocol/message_signature.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <array>
#include <cstdint>

namespace niamd::protocol {
namespace {

constexpr std::size_t kDigestBytes = 32;
constexpr std::size_t kHexBytes = 2 * kDigestBytes;
using Digest = std::array<unsigned char, kDigestBytes>;

Digest mac(std::string_view key, std::string_view data) {
    Digest out{};
    unsigned int length = 0;
    // One-shot HMAC: not deprecated in OpenSSL 3. A failure (out of memory) leaves zeros,
    // which never match a real signature.
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
         data.size(), out.data(), &length);
    return out;
}

std::string to_hex(const Digest& digest) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(kHexBytes);
    for (const unsigned char byte : digest) {
        out += kHex[byte >> 4];
        out += kHex[byte & 0x0f];
    }
    return out;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;  // upper case is not the wire form
}

bool from_hex(std::string_view hex, Digest& out) {
    if (hex.size() != kHexBytes) return false;
    for (std::size_t i = 0; i < kDigestBytes; ++i) {
        const int high = hex_value(hex[2 * i]);
        const int low = hex_value(hex[2 * i + 1]);
        if (high < 0 || low < 0) return false;
        out[i] = static_cast<unsigned char>(high * 16 + low);
    }
    return true;
}

// Splits a "#sent=<digits>" last line off a signed payload.
std::optional<std::int64_t> take_sent_line(std::string_view& payload) {
    const std::size_t line_start = payload.rfind('\n');
    if (line_start == std::string_view::npos) return std::nullopt;  // sign_message() puts a '\n' before it
    const std::string_view line = payload.substr(line_start + 1);
    if (line.substr(0, kSentPrefix.size()) != kSentPrefix) return std::nullopt;
    const std::string_view digits = line.substr(kSentPrefix.size());
    // The form sign_message() writes, only: 1-18 digits, no leading zero.
    if (digits.empty() || digits.size() > 18 || (digits.size() > 1 && digits[0] == '0')) return std::nullopt;
    std::int64_t value = 0;
    for (const char c : digits) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
    }
    payload = payload.substr(0, line_start);
    return value;
}

}  // namespace

std::string sign_message(std::string_view body, std::string_view key, std::int64_t sent_at) {
    if (key.empty()) return std::string(body);
    std::string stamped(body);
    stamped += '\n';
    stamped += kSentPrefix;
    stamped += std::to_string(std::max<std::int64_t>(sent_at, 0));
    return sign_message(stamped, key);
}

std::string sign_message(std::string_view body, std::string_view key) {
    std::string out(body);
    if (key.empty()) return out;
    out.reserve(body.size() + kSignatureLineBytes);
    out += '\n';
    out += kSignaturePrefix;
    out += to_hex(mac(key, body));
    return out;
}

SignatureCheck check_message_signature(std::string_view body, std::string_view key) {
    // The signature line is the last line; a trailing CR (CRLF relays) is tolerated.
    std::string_view text = body;
    if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    const std::size_t line_start = text.rfind('\n');
    const std::size_t start = line_start == std::string_view::npos ? 0 : line_start + 1;
    std::string_view last_line = text.substr(start);
    if (last_line.substr(0, kSignaturePrefix.size()) != kSignaturePrefix) {
        return {SignatureStatus::Unsigned, body, std::nullopt};
    }
    const std::string_view payload = body.substr(0, line_start == std::string_view::npos ? 0 : line_start);
    Digest claimed{};
    if (!from_hex(last_line.substr(kSignaturePrefix.size()), claimed))
        return {SignatureStatus::Forged, payload, std::nullopt};
    SignatureCheck check{SignatureStatus::Unchecked, payload, std::nullopt};
    if (!key.empty()) {
        const Digest expected = mac(key, payload);
        const bool same = CRYPTO_memcmp(expected.data(), claimed.data(), kDigestBytes) == 0;
        check.status = same ? SignatureStatus::Valid : SignatureStatus::Forged;
        if (!same) return check;
    }
    check.sent_at = take_sent_line(check.payload);
    return check;
}

}  // namespace niamd::protocol
