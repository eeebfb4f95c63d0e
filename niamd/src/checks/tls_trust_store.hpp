// The trust anchors of the TLS checks: the system CA store (OpenSSL's default paths) or a
// check's `ca_file`.
#pragma once

#include <openssl/x509.h>

#include <cstddef>
#include <memory>
#include <string>

namespace niamd::checks {

struct TrustStoreFree {
    void operator()(X509_STORE* store) const { X509_STORE_free(store); }
};
using TrustStore = std::unique_ptr<X509_STORE, TrustStoreFree>;

// Distinct ca_files whose stores are kept at once; past it the cache starts anew.
inline constexpr std::size_t kMaxCachedTrustStores = 64;

// The store of `ca_file` (PEM), or the system's when empty; null with `error` set
// ("cannot read ca_file /x: ...") when the file cannot be loaded. Read once and shared (a
// reference each call; thread-safe): a ca_file is read again when its inode, size or mtime
// changed, so a renewed CA file applies at the next check. A file that cannot be read is not
// kept.
TrustStore load_trust_store(const std::string& ca_file, std::string& error);

}  // namespace niamd::checks
