// The TLS half of Connection: a client handshake on the non-blocking socket bounded by the
// deadline (TLS 1.2 or later, SNI for a name), then the served chain judged by
// certificate_verdict (the handshake itself never fails on a bad chain, so an expired or
// self-signed certificate gets a verdict that says so).
#include <arpa/inet.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <ctime>

#include "checks/certificate_verdict.hpp"
#include "checks/connection.hpp"
#include "checks/host_address.hpp"
#include "checks/tls_trust_store.hpp"

namespace niamd::checks {
namespace {

std::string openssl_error_text() {
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0) return "connection closed";
    char reason[256];
    ERR_error_string_n(code, reason, sizeof reason);
    return reason;
}

bool is_ip_literal(const std::string& name) {
    unsigned char address[16];
    return inet_pton(AF_INET, name.c_str(), address) == 1 || inet_pton(AF_INET6, name.c_str(), address) == 1;
}

// The name to match and send: `[::1]` loses its brackets.
std::string tls_name(const TlsOptions& options, const std::string& target) {
    std::string name = options.hostname.empty() ? target : options.hostname;
    if (name.size() > 2 && name.front() == '[' && name.back() == ']') name = name.substr(1, name.size() - 2);
    return name;
}

// One client context for every check, made once (OpenSSL 3 spends most of a handshake's CPU
// making a context: it fetches every cipher, group and signature algorithm). Shared safely:
// nothing is set on it after it is made; each caller holds a reference.
SSL_CTX* client_context() {
    static SSL_CTX* const shared = [] {
        SSL_CTX* context = SSL_CTX_new(TLS_client_method());
        if (context == nullptr) return context;
        SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION);
        SSL_CTX_set_verify(context, SSL_VERIFY_NONE, nullptr);  // judged after the handshake
        SSL_CTX_set_mode(context, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
        SSL_CTX_set_session_cache_mode(context, SSL_SESS_CACHE_OFF);  // every check sees the whole chain
        SSL_CTX_set_options(context, SSL_OP_NO_TICKET);
        return context;
    }();
    if (shared == nullptr || SSL_CTX_up_ref(shared) != 1) return nullptr;
    return shared;
}

}  // namespace

struct Connection::Tls {
    SSL_CTX* context = nullptr;
    SSL* ssl = nullptr;
    ~Tls() {
        SSL_free(ssl);
        SSL_CTX_free(context);
    }
};

void Connection::TlsDeleter::operator()(Tls* tls) const { delete tls; }

TlsVerdict Connection::start_tls(const TlsOptions& options, Deadline deadline) {
    TlsVerdict verdict;
    verdict.nagios_code = 2;
    auto failed = [&](ConnectionError error, const std::string& text) {
        verdict.text = text;
        fail(error, text);
        return verdict;
    };
    std::unique_ptr<Tls, TlsDeleter> tls(new Tls);
    ERR_clear_error();
    tls->context = client_context();
    if (tls->context == nullptr) return failed(ConnectionError::Tls, "TLS setup failed: " + openssl_error_text());
    tls->ssl = SSL_new(tls->context);
    if (tls->ssl == nullptr || SSL_set_fd(tls->ssl, fd_.get()) != 1) {
        return failed(ConnectionError::Tls, "TLS setup failed: " + openssl_error_text());
    }
    const std::string name = tls_name(options, target_);
    if (!is_ip_literal(name) && !name.empty()) SSL_set_tlsext_host_name(tls->ssl, name.c_str());  // RFC 6066: no IP
    for (;;) {
        const int done = SSL_connect(tls->ssl);
        if (done == 1) break;
        const int reason = SSL_get_error(tls->ssl, done);
        if (reason != SSL_ERROR_WANT_READ && reason != SSL_ERROR_WANT_WRITE) {
            const int saved_errno = errno;
            std::string text = openssl_error_text();
            if (reason == SSL_ERROR_SYSCALL && saved_errno != 0) text = system_error_text(saved_errno);
            return failed(ConnectionError::Tls, "TLS handshake failed: " + text);
        }
        if (!await(reason == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, deadline, "TLS handshake timed out")) {
            verdict.text = error_text_;
            return verdict;
        }
    }
    std::string store_error;
    const TrustStore store = load_trust_store(options.ca_file, store_error);
    if (!store) {
        verdict.nagios_code = 3;
        return failed(ConnectionError::Tls, store_error);
    }
    CertificateRules rules;
    rules.name = name;
    rules.ignore_invalid = options.ignore_invalid;
    rules.expire_before_days = options.expire_before_days;
    verdict = judge_certificates(SSL_get_peer_cert_chain(tls->ssl), store.get(), rules, std::time(nullptr));
    tls_ = std::move(tls);
    return verdict;
}

long Connection::tls_receive(char* buffer, std::size_t size, Deadline deadline) {
    for (;;) {
        ERR_clear_error();
        const int got = SSL_read(tls_->ssl, buffer, static_cast<int>(std::min<std::size_t>(size, 1 << 30)));
        if (got > 0) return got;
        const int reason = SSL_get_error(tls_->ssl, got);
        if (reason == SSL_ERROR_ZERO_RETURN || (reason == SSL_ERROR_SYSCALL && ERR_peek_error() == 0 && errno == 0)) {
            fail(ConnectionError::Closed, "connection closed by the server");
            return 0;
        }
        if (reason != SSL_ERROR_WANT_READ && reason != SSL_ERROR_WANT_WRITE) {
            fail(ConnectionError::Tls, "TLS read failed: " + openssl_error_text());
            return -1;
        }
        if (!await(reason == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, deadline, "timed out waiting for the server"))
            return -1;
    }
}

long Connection::tls_send(const char* data, std::size_t size, Deadline deadline) {
    for (;;) {
        ERR_clear_error();
        const int sent = SSL_write(tls_->ssl, data, static_cast<int>(std::min<std::size_t>(size, 1 << 30)));
        if (sent > 0) return sent;
        const int reason = SSL_get_error(tls_->ssl, sent);
        if (reason != SSL_ERROR_WANT_READ && reason != SSL_ERROR_WANT_WRITE) {
            fail(ConnectionError::Closed, "TLS write failed: " + openssl_error_text());
            return -1;
        }
        if (!await(reason == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, deadline, "timed out writing to the server"))
            return -1;
    }
}

}  // namespace niamd::checks
