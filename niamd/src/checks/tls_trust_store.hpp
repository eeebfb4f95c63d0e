// The trust anchors of the TLS checks: the system CA store (OpenSSL's default paths) or a
// check's `ca_file`.
#pragma once

#include <openssl/x509.h>

#include <memory>
#include <string>

namespace niamd::checks {

struct TrustStoreFree {
    void operator()(X509_STORE* store) const { X509_STORE_free(store); }
};
using TrustStore = std::unique_ptr<X509_STORE, TrustStoreFree>;

// The store of `ca_file` (PEM), or the system's when empty; null with `error` set
// ("cannot read ca_file /x: ...") when the file cannot be loaded.
TrustStore load_trust_store(const std::string& ca_file, std::string& error);

}  // namespace niamd::checks
