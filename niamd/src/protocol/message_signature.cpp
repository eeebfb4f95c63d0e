#include "protocol/message_signature.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

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
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(data.data()), data.size(), out.data(), &length);
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

}  // namespace

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
        return {SignatureStatus::Unsigned, body};
    }
    const std::string_view payload = body.substr(0, line_start == std::string_view::npos ? 0 : line_start);
    Digest claimed{};
    if (!from_hex(last_line.substr(kSignaturePrefix.size()), claimed)) return {SignatureStatus::Forged, payload};
    if (key.empty()) return {SignatureStatus::Unchecked, payload};
    const Digest expected = mac(key, payload);
    const bool same = CRYPTO_memcmp(expected.data(), claimed.data(), kDigestBytes) == 0;
    return {same ? SignatureStatus::Valid : SignatureStatus::Forged, payload};
}

}  // namespace niamd::protocol
