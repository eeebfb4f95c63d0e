#include "follow/file_identity.hpp"

#include <array>

#include <sys/stat.h>
#include <unistd.h>

namespace niamd::follow {
namespace {

// The first up to kFingerprintBytes bytes; nullopt on a read error.
std::optional<std::size_t> read_head(int fd, std::array<unsigned char, kFingerprintBytes>& head) {
    std::size_t got = 0;
    while (got < head.size()) {
        const ssize_t n = ::pread(fd, head.data() + got, head.size() - got, static_cast<off_t>(got));
        if (n < 0) return std::nullopt;
        if (n == 0) break;
        got += static_cast<std::size_t>(n);
    }
    return got;
}

}  // namespace

std::uint64_t fnv1a(const void* data, std::size_t size, std::uint64_t hash) noexcept {
    const auto* bytes = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < size; ++i) hash = (hash ^ bytes[i]) * 1099511628211ull;
    return hash;
}

std::optional<FileIdentity> identity_of(int fd) {
    struct stat st {};
    if (::fstat(fd, &st) != 0) return std::nullopt;
    std::array<unsigned char, kFingerprintBytes> head{};
    const auto got = read_head(fd, head);
    if (!got) return std::nullopt;
    FileIdentity identity;
    identity.device = static_cast<std::uint64_t>(st.st_dev);
    identity.inode = static_cast<std::uint64_t>(st.st_ino);
    identity.fingerprint = fnv1a(head.data(), *got);
    identity.fingerprint_bytes = static_cast<std::uint32_t>(*got);
    return identity;
}

bool still_same(int fd, FileIdentity& known) {
    struct stat st {};
    if (::fstat(fd, &st) != 0) return false;
    if (static_cast<std::uint64_t>(st.st_dev) != known.device || static_cast<std::uint64_t>(st.st_ino) != known.inode) {
        return false;
    }
    if (static_cast<std::uint64_t>(st.st_size) < known.fingerprint_bytes) return false;
    std::array<unsigned char, kFingerprintBytes> head{};
    const auto got = read_head(fd, head);
    if (!got || *got < known.fingerprint_bytes) return false;
    if (fnv1a(head.data(), known.fingerprint_bytes) != known.fingerprint) return false;
    if (*got > known.fingerprint_bytes) {
        known.fingerprint =
            fnv1a(head.data() + known.fingerprint_bytes, *got - known.fingerprint_bytes, known.fingerprint);
        known.fingerprint_bytes = static_cast<std::uint32_t>(*got);
    }
    return true;
}

}  // namespace niamd::follow
