#include "web/tls_context.hpp"

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <cstdio>

#include "web/secret_file.hpp"

namespace niamd::web {
namespace {

constexpr std::size_t kMaxCertificateFileBytes = 1024 * 1024;  // a chain of a few certificates
constexpr std::size_t kMaxKeyFileBytes = 64 * 1024;
constexpr const char* kCertificateWhat = "web TLS certificate file";
constexpr const char* kKeyWhat = "web TLS key file";

struct Loaded {
    std::shared_ptr<SSL_CTX> context;
    std::string description;
    std::vector<std::string> warnings;
};

awsrest::Error file_error(const char* what, const std::filesystem::path& path, const std::string& why) {
    return awsrest::make_error(awsrest::ErrorKind::InvalidArgument,
                               std::string(what) + " " + path.string() + ": " + why);
}

// OpenSSL's reason for the last failure (a reason code's text, never file content).
std::string openssl_reason() {
    const unsigned long code = ERR_peek_last_error();
    const char* reason = code == 0 ? nullptr : ERR_reason_error_string(code);
    ERR_clear_error();
    return reason == nullptr ? "unknown OpenSSL error" : reason;
}

// Never asks for a passphrase (OpenSSL's default would prompt on the terminal).
extern "C" int no_passphrase(char*, int, int, void*) { return 0; }

std::string time_text(const ASN1_TIME* time) {
    std::tm parts{};
    if (time == nullptr || ASN1_TIME_to_tm(time, &parts) != 1) return "an unreadable date";
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M UTC", &parts);
    return text;
}

std::string describe_leaf(X509* leaf) {
    std::string subject;
    if (BIO* bio = BIO_new(BIO_s_mem())) {
        X509_NAME_print_ex(bio, X509_get_subject_name(leaf), 0, XN_FLAG_RFC2253);
        char* data = nullptr;
        const long size = BIO_get_mem_data(bio, &data);
        if (size > 0) subject.assign(data, static_cast<std::size_t>(size));
        BIO_free(bio);
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    std::string fingerprint;
    if (X509_digest(leaf, EVP_sha256(), digest, &length) == 1) {
        for (unsigned int i = 0; i < length; ++i) {
            char byte[4];
            std::snprintf(byte, sizeof byte, i == 0 ? "%02X" : ":%02X", digest[i]);
            fingerprint += byte;
        }
    }
    return (subject.empty() ? std::string("no subject") : subject) + ", SHA-256 " + fingerprint + ", valid until " +
           time_text(X509_get0_notAfter(leaf));
}

// The chain of the certificate file into `context`: the leaf, then every further certificate.
awsrest::Result<X509*> use_certificate_chain(SSL_CTX* context, const TlsFiles& files) {
    auto file = read_secret_file(files.certificate, kMaxCertificateFileBytes, kCertificateWhat);
    if (!file) return std::move(file).error();  // not a secret: SecretFile::refusal is not looked at
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(
        BIO_new_mem_buf(file->text.data(), static_cast<int>(file->text.size())), BIO_free);
    if (!bio) return file_error(kCertificateWhat, files.certificate, "out of memory");
    ERR_clear_error();
    std::unique_ptr<X509, decltype(&X509_free)> leaf(PEM_read_bio_X509_AUX(bio.get(), nullptr, no_passphrase, nullptr),
                                                     X509_free);
    if (!leaf)
        return file_error(kCertificateWhat, files.certificate, "no PEM certificate in it (" + openssl_reason() + ")");
    if (SSL_CTX_use_certificate(context, leaf.get()) != 1) {
        return file_error(kCertificateWhat, files.certificate, "certificate refused: " + openssl_reason());
    }
    for (;;) {
        X509* next = PEM_read_bio_X509(bio.get(), nullptr, no_passphrase, nullptr);
        if (next == nullptr) break;
        if (SSL_CTX_add0_chain_cert(context, next) != 1) {  // takes `next` only on success
            X509_free(next);
            return file_error(kCertificateWhat, files.certificate, "intermediate refused: " + openssl_reason());
        }
    }
    const unsigned long last = ERR_peek_last_error();
    if (last != 0 && !(ERR_GET_LIB(last) == ERR_LIB_PEM && ERR_GET_REASON(last) == PEM_R_NO_START_LINE)) {
        return file_error(kCertificateWhat, files.certificate, "bad certificate after the first: " + openssl_reason());
    }
    ERR_clear_error();
    return SSL_CTX_get0_certificate(context);
}

awsrest::Result<void> use_private_key(SSL_CTX* context, const TlsFiles& files) {
    auto file = read_secret_file(files.key, kMaxKeyFileBytes, kKeyWhat);
    if (!file) return std::move(file).error();
    struct Wipe {
        std::string& text;
        ~Wipe() { OPENSSL_cleanse(text.data(), text.size()); }
    } wipe{file->text};
    if (!file->refusal.empty()) return file_error(kKeyWhat, files.key, "refused: " + file->refusal);
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(
        BIO_new_mem_buf(file->text.data(), static_cast<int>(file->text.size())), BIO_free);
    if (!bio) return file_error(kKeyWhat, files.key, "out of memory");
    ERR_clear_error();
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
        PEM_read_bio_PrivateKey(bio.get(), nullptr, no_passphrase, nullptr), EVP_PKEY_free);
    if (!key) {
        return file_error(kKeyWhat, files.key,
                          "no PEM private key without a passphrase in it (" + openssl_reason() + ")");
    }
    // SSL_CTX_use_PrivateKey compares the key with the certificate already set.
    if (SSL_CTX_use_PrivateKey(context, key.get()) != 1 || SSL_CTX_check_private_key(context) != 1) {
        ERR_clear_error();
        return file_error(kKeyWhat, files.key, "does not match the certificate in " + files.certificate.string());
    }
    return {};
}

awsrest::Result<Loaded> load_pair(const TlsFiles& files, std::time_t now) {
    ERR_clear_error();
    std::shared_ptr<SSL_CTX> context(SSL_CTX_new(TLS_server_method()), SSL_CTX_free);
    if (!context) return awsrest::make_error(awsrest::ErrorKind::InvalidArgument, "web TLS: " + openssl_reason());
    SSL_CTX* ctx = context.get();
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_COMPRESSION);
    // The gate writes as send() would: part of a buffer, retried from where it stopped.
    SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    auto leaf = use_certificate_chain(ctx, files);
    if (!leaf) return std::move(leaf).error();
    if (auto key = use_private_key(ctx, files); !key) return std::move(key).error();

    Loaded loaded;
    loaded.context = std::move(context);
    loaded.description = describe_leaf(*leaf);
    std::time_t at = now;
    if (X509_cmp_time(X509_get0_notAfter(*leaf), &at) < 0) {
        loaded.warnings.push_back(std::string(kCertificateWhat) + " " + files.certificate.string() + ": expired on " +
                                  time_text(X509_get0_notAfter(*leaf)) + "; browsers will refuse it");
    } else if (X509_cmp_time(X509_get0_notBefore(*leaf), &at) > 0) {
        loaded.warnings.push_back(std::string(kCertificateWhat) + " " + files.certificate.string() +
                                  ": not valid before " + time_text(X509_get0_notBefore(*leaf)));
    }
    return loaded;
}

}  // namespace

awsrest::Result<std::unique_ptr<TlsContext>> TlsContext::load(TlsFiles files, std::time_t now) {
    std::unique_ptr<TlsContext> tls(new TlsContext(std::move(files)));
    if (auto loaded = tls->reload(now); !loaded) return std::move(loaded).error();
    return tls;
}

std::shared_ptr<SSL_CTX> TlsContext::current() const {
    std::lock_guard lock(mutex_);
    return context_;
}

awsrest::Result<void> TlsContext::reload(std::time_t now) {
    auto loaded = load_pair(files_, now);
    if (!loaded) return std::move(loaded).error();
    std::lock_guard lock(mutex_);
    context_ = std::move(loaded->context);
    description_ = std::move(loaded->description);
    warnings_ = std::move(loaded->warnings);
    return {};
}

std::vector<std::string> TlsContext::warnings() const {
    std::lock_guard lock(mutex_);
    return warnings_;
}

std::string TlsContext::describe() const {
    std::lock_guard lock(mutex_);
    return description_;
}

}  // namespace niamd::web
