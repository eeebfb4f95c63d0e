#include "checks/tls_trust_store.hpp"

#include <openssl/err.h>

namespace niamd::checks {

TrustStore load_trust_store(const std::string& ca_file, std::string& error) {
    TrustStore store(X509_STORE_new());
    if (!store) {
        error = "cannot create a trust store";
        return nullptr;
    }
    ERR_clear_error();
    const int loaded = ca_file.empty() ? X509_STORE_set_default_paths(store.get())
                                       : X509_STORE_load_file(store.get(), ca_file.c_str());
    if (loaded != 1) {
        char reason[256];
        ERR_error_string_n(ERR_get_error(), reason, sizeof reason);
        error = ca_file.empty() ? std::string("cannot load the system CA store: ") + reason
                                : "cannot read ca_file " + ca_file + ": " + reason;
        ERR_clear_error();
        return nullptr;
    }
    return store;
}

}  // namespace niamd::checks
