#include "support/tls_probe.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <memory>
#include <stdexcept>

namespace niam_test {
namespace {

std::string hex_fingerprint(X509* certificate) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (certificate == nullptr || X509_digest(certificate, EVP_sha256(), digest, &length) != 1) return "";
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
        char byte[3];
        std::snprintf(byte, sizeof byte, "%02x", digest[i]);
        out += byte;
    }
    return out;
}

std::string openssl_errors() {
    std::string out;
    for (unsigned long code = ERR_get_error(); code != 0; code = ERR_get_error()) {
        char text[256];
        ERR_error_string_n(code, text, sizeof text);
        if (!out.empty()) out += "; ";
        out += text;
    }
    return out;
}

}  // namespace

TlsProbeResult tls_request(int port, const std::string& request, const TlsProbeOptions& options) {
    TlsProbeResult result;
    std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx(SSL_CTX_new(TLS_client_method()), SSL_CTX_free);
    if (!ctx) throw std::runtime_error("SSL_CTX_new failed");
    if (options.allow_legacy) {
        SSL_CTX_set_security_level(ctx.get(), 0);
        SSL_CTX_set_cipher_list(ctx.get(), "DEFAULT:@SECLEVEL=0");
    }
    if (options.min_version != 0) SSL_CTX_set_min_proto_version(ctx.get(), options.min_version);
    if (options.max_version != 0) SSL_CTX_set_max_proto_version(ctx.get(), options.max_version);
    if (!options.ca_file.empty()) {
        if (SSL_CTX_load_verify_locations(ctx.get(), options.ca_file.c_str(), nullptr) != 1) {
            throw std::runtime_error("cannot load " + options.ca_file);
        }
        SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
    }
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    timeval limit{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd);
        result.error = "connect failed";
        return result;
    }
    SSL* ssl = SSL_new(ctx.get());
    SSL_set_fd(ssl, fd);
    X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
    X509_VERIFY_PARAM_set1_ip_asc(param, "127.0.0.1");
    if (options.verify_time != 0) X509_VERIFY_PARAM_set_time(param, options.verify_time);
    ERR_clear_error();
    if (SSL_connect(ssl) == 1) {
        result.connected = true;
        result.protocol = SSL_get_version(ssl);
        X509* peer = SSL_get1_peer_certificate(ssl);
        result.fingerprint = hex_fingerprint(peer);
        X509_free(peer);
        if (SSL_write(ssl, request.data(), static_cast<int>(request.size())) == static_cast<int>(request.size())) {
            char buffer[4096];
            for (int n; (n = SSL_read(ssl, buffer, sizeof buffer)) > 0;) result.response.append(buffer, n);
        }
        ERR_clear_error();
        SSL_shutdown(ssl);
    } else {
        result.error = openssl_errors();
        const long verified = SSL_get_verify_result(ssl);
        if (verified != X509_V_OK) result.error += std::string("; verify: ") + X509_verify_cert_error_string(verified);
    }
    SSL_free(ssl);
    ::close(fd);
    return result;
}

std::string pem_fingerprint(const std::string& pem_file) {
    std::FILE* file = std::fopen(pem_file.c_str(), "r");
    if (file == nullptr) throw std::runtime_error("cannot open " + pem_file);
    X509* certificate = PEM_read_X509(file, nullptr, nullptr, nullptr);
    std::fclose(file);
    const std::string fingerprint = hex_fingerprint(certificate);
    X509_free(certificate);
    if (fingerprint.empty()) throw std::runtime_error("no certificate in " + pem_file);
    return fingerprint;
}

}  // namespace niam_test
