// FileIdentity: which file a followed path names — the device and inode, and a fingerprint
// (FNV-1a 64) of its first bytes (up to kFingerprintBytes), so a file put in the place of
// another (rename + create), an inode the file system reused and content written anew into
// the same inode (copytruncate, truncation in place) are all told apart.
//
// The fingerprint grows with the file until it covers kFingerprintBytes: a file of 10 bytes
// has a fingerprint of 10 bytes, and it is the same file later when its first 10 bytes still
// hash the same.
#pragma once

#include <cstdint>
#include <optional>

namespace niamd::follow {

inline constexpr std::uint32_t kFingerprintBytes = 1024;

struct FileIdentity {
    std::uint64_t device = 0;
    std::uint64_t inode = 0;
    std::uint64_t fingerprint = 0;        // FNV-1a 64 of the first fingerprint_bytes bytes
    std::uint32_t fingerprint_bytes = 0;  // 0: the file was empty

    bool same_inode(const FileIdentity& other) const noexcept { return device == other.device && inode == other.inode; }
    friend bool operator==(const FileIdentity&, const FileIdentity&) = default;
};

// FNV-1a 64 over bytes, continuing from `hash` (start with kFnvOffset).
inline constexpr std::uint64_t kFnvOffset = 14695981039346656037ull;
std::uint64_t fnv1a(const void* data, std::size_t size, std::uint64_t hash = kFnvOffset) noexcept;

// The identity of an open file: fstat and its first bytes. nullopt when it cannot be read.
std::optional<FileIdentity> identity_of(int fd);

// Whether the open file `fd` is still `known`: same inode, at least as many bytes, and its first
// known.fingerprint_bytes bytes hash the same. On true, `known`'s fingerprint is extended to the
// file's first kFingerprintBytes bytes (when it has grown).
bool still_same(int fd, FileIdentity& known);

}  // namespace niamd::follow
