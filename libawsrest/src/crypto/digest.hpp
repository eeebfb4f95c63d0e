// SHA-256, HMAC-SHA256 and lowercase hex, over OpenSSL libcrypto. Private to libawsrest.
// A call costs the hashing itself: no algorithm lookup, no allocation (see digest.cpp).
// Without OpenSSL's low-level functions (an OpenSSL built with no-deprecated), EVP is
// used, and EVP failing to hash (it can only run out of memory) throws std::bad_alloc.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace awsrest::crypto {

inline constexpr std::size_t kSha256Bytes = 32;
using Sha256Digest = std::array<std::uint8_t, kSha256Bytes>;
using Bytes = std::span<const std::uint8_t>;

Sha256Digest sha256(std::string_view data);
// Lowercase hex of the SHA-256 of `data` (64 characters).
std::string sha256_hex(std::string_view data);

// HMAC-SHA256 (RFC 2104) with a key of any length.
Sha256Digest hmac_sha256(Bytes key, std::string_view data);
Sha256Digest hmac_sha256(std::string_view key, std::string_view data);

// HMAC-SHA256 with a fixed key whose padded blocks are hashed once, up front: each mac()
// then costs two block compressions less than hmac_sha256(). Copyable; cleansed when
// destroyed.
class HmacSha256Key {
  public:
    HmacSha256Key() = default;  // the empty key
    explicit HmacSha256Key(Bytes key);
    ~HmacSha256Key();
    HmacSha256Key(const HmacSha256Key&) = default;
    HmacSha256Key& operator=(const HmacSha256Key&) = default;

    Sha256Digest mac(std::string_view data) const;

  private:
    static constexpr std::size_t kStateBytes = 128;  // >= sizeof(SHA256_CTX) or the padded key
    alignas(16) std::uint8_t inner_[kStateBytes] = {};
    alignas(16) std::uint8_t outer_[kStateBytes] = {};
};

// Lowercase hex.
std::string to_hex(Bytes bytes);
void append_hex(std::string& out, Bytes bytes);
// Writes 2 * bytes.size() characters at `out`.
void write_hex(Bytes bytes, char* out) noexcept;

// Bytes of a string, for hmac_sha256 keys.
inline Bytes as_bytes(std::string_view text) noexcept {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

// Comparison whose time does not depend on where the inputs differ.
bool equal_constant_time(Bytes a, Bytes b) noexcept;

// Overwrites memory that held key material.
void cleanse(void* data, std::size_t size) noexcept;

}  // namespace awsrest::crypto
