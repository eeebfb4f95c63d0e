// TlsContext: the web interface's certificate and key (--web-tls-cert, --web-tls-key) as an
// OpenSSL server context: TLS 1.2 or later, OpenSSL's default ciphers, no renegotiation.
//
//   auto tls = web::TlsContext::load({"/etc/niam/web.pem", "/etc/niam/web.key"}, now);
//   if (!tls) { /* tls.error().message names the file and why, never the key */ }
//   SSL* ssl = SSL_new((*tls)->current().get());   // each new connection, any thread
//   if (auto reloaded = (*tls)->reload(now); !reloaded) { /* the old pair still serves */ }
//
// The certificate file is PEM: the leaf first, then its intermediates (the chain sent). The
// key file is a PEM private key without a passphrase, the master's user's and not readable by
// group or others (as the token file, secret_file.hpp), else it is refused. A key that does
// not match the certificate is refused; a certificate expired (or not yet valid) at `now` is
// loaded with a warning. reload() swaps in a new context only when both files pass: a
// connection already open keeps the context it started with (SSL_new holds a reference).
#pragma once

#include <openssl/types.h>

#include <ctime>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <awsrest/result.hpp>

namespace niamd::web {

struct TlsFiles {
    std::filesystem::path certificate;  // PEM chain: leaf, then intermediates
    std::filesystem::path key;          // PEM private key, mode 0600 or stricter
};

class TlsContext {
  public:
    // Reads and checks both files. Errors name the file ("web TLS key file F: ...").
    static awsrest::Result<std::unique_ptr<TlsContext>> load(TlsFiles files, std::time_t now);

    // The context a new connection starts with: the last one loaded. Thread-safe.
    std::shared_ptr<SSL_CTX> current() const;

    // Reads both files again. On success new connections get the new pair; on failure the
    // current one stays and the error says why. Thread-safe.
    awsrest::Result<void> reload(std::time_t now);

    // What did not stop the last successful load or reload: "web TLS certificate file F:
    // expired on ...".
    std::vector<std::string> warnings() const;

    // The current leaf, for the log: "CN=..., SHA-256 AB:CD:..., valid until 2027-03-01 12:00 UTC".
    std::string describe() const;

    const TlsFiles& files() const noexcept { return files_; }

  private:
    explicit TlsContext(TlsFiles files) : files_(std::move(files)) {}

    TlsFiles files_;
    mutable std::mutex mutex_;  // guards context_, description_, warnings_
    std::shared_ptr<SSL_CTX> context_;
    std::string description_;
    std::vector<std::string> warnings_;
};

}  // namespace niamd::web
