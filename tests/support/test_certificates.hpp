// Test certificates made in memory with the OpenSSL API at a fixed time: a test CA, an
// intermediate and leaves with chosen names and dates, written as PEM for servers (nginx,
// dovecot, exim, slapd) and handed as X509 to the certificate verdict's unit tests.
#pragma once

#include <openssl/x509.h>

#include <ctime>
#include <memory>
#include <string>
#include <vector>

namespace niam_test {

struct CertificateSpec {
    std::string common_name;                // empty: no CN in the subject
    std::vector<std::string> dns_names;     // subjectAltName DNS entries
    std::vector<std::string> ip_addresses;  // subjectAltName IP entries
    long valid_from_days = -1;              // notBefore relative to `now`
    long valid_until_days = 365;            // notAfter relative to `now`
    bool is_ca = false;
};

struct TestCertificate {
    std::shared_ptr<X509> certificate;
    std::shared_ptr<EVP_PKEY> key;
    std::string certificate_pem() const;
    std::string key_pem() const;
};

// A P-256 key and a certificate for `spec`, signed by `issuer` (self-signed when null).
TestCertificate make_certificate(const CertificateSpec& spec, const TestCertificate* issuer, std::time_t now);

// The PEM of several certificates, concatenated in order (a served chain: leaf first).
std::string chain_pem(const std::vector<const TestCertificate*>& chain);

// The files a TLS server under test needs (dovecot, exim, slapd, nginx), made by
// write_server_certificates: a fresh test CA, an intermediate, and a leaf for `dns_name` (and
// IP 127.0.0.1) valid for 90 days. The chain file holds leaf then intermediate; give the
// check `ca_file`.
struct ServerCertificateFiles {
    std::string ca_file;     // DIR/ca.pem
    std::string chain_file;  // DIR/server-chain.pem
    std::string key_file;    // DIR/server.key
};
ServerCertificateFiles write_server_certificates(const std::string& dir, const std::string& dns_name, std::time_t now);

// Writes `text` to `path`; throws std::runtime_error on failure.
void write_text_file(const std::string& path, const std::string& text);

}  // namespace niam_test
