#include "test_certificates.hpp"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <atomic>
#include <fstream>
#include <stdexcept>

namespace niam_test {
namespace {

std::atomic<long> next_serial{1000};

void require(bool ok, const char* what) {
    if (!ok) throw std::runtime_error(std::string("test certificate: ") + what);
}

std::string bio_text(BIO* bio) {
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(size));
}

void add_extension(X509* certificate, X509* issuer, int nid, const std::string& value) {
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, issuer, certificate, nullptr, nullptr, 0);
    X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str());
    require(extension != nullptr, "extension");
    X509_add_ext(certificate, extension, -1);
    X509_EXTENSION_free(extension);
}

}  // namespace

std::string TestCertificate::certificate_pem() const {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
    require(PEM_write_bio_X509(bio.get(), certificate.get()) == 1, "PEM certificate");
    return bio_text(bio.get());
}

std::string TestCertificate::key_pem() const {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
    require(PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1, "PEM key");
    return bio_text(bio.get());
}

TestCertificate make_certificate(const CertificateSpec& spec, const TestCertificate* issuer, std::time_t now) {
    TestCertificate made;
    made.key = std::shared_ptr<EVP_PKEY>(EVP_EC_gen("P-256"), &EVP_PKEY_free);
    require(made.key != nullptr, "key");
    made.certificate = std::shared_ptr<X509>(X509_new(), &X509_free);
    X509* certificate = made.certificate.get();
    X509_set_version(certificate, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(certificate), next_serial++);
    require(
        X509_time_adj_ex(X509_getm_notBefore(certificate), static_cast<int>(spec.valid_from_days), 0, &now) != nullptr,
        "notBefore");
    require(
        X509_time_adj_ex(X509_getm_notAfter(certificate), static_cast<int>(spec.valid_until_days), 0, &now) != nullptr,
        "notAfter");
    X509_NAME* subject = X509_get_subject_name(certificate);
    if (!spec.common_name.empty()) {
        X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(spec.common_name.c_str()), -1, -1, 0);
    } else {
        X509_NAME_add_entry_by_txt(subject, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("niam test"), -1,
                                   -1, 0);
    }
    X509* signer = issuer != nullptr ? issuer->certificate.get() : certificate;
    X509_set_issuer_name(certificate, X509_get_subject_name(signer));
    X509_set_pubkey(certificate, made.key.get());
    if (spec.is_ca) {
        add_extension(certificate, signer, NID_basic_constraints, "critical,CA:TRUE");
        add_extension(certificate, signer, NID_key_usage, "critical,keyCertSign,cRLSign");
    } else {
        add_extension(certificate, signer, NID_basic_constraints, "critical,CA:FALSE");
        add_extension(certificate, signer, NID_ext_key_usage, "serverAuth");
    }
    add_extension(certificate, signer, NID_subject_key_identifier, "hash");
    if (issuer != nullptr) add_extension(certificate, signer, NID_authority_key_identifier, "keyid:always");
    std::string names;
    for (const std::string& name : spec.dns_names) names += (names.empty() ? "DNS:" : ",DNS:") + name;
    for (const std::string& ip : spec.ip_addresses) names += (names.empty() ? "IP:" : ",IP:") + ip;
    if (!names.empty()) add_extension(certificate, signer, NID_subject_alt_name, names);
    EVP_PKEY* signing_key = issuer != nullptr ? issuer->key.get() : made.key.get();
    require(X509_sign(certificate, signing_key, EVP_sha256()) > 0, "sign");
    return made;
}

std::string chain_pem(const std::vector<const TestCertificate*>& chain) {
    std::string pem;
    for (const TestCertificate* certificate : chain) pem += certificate->certificate_pem();
    return pem;
}

ServerCertificateFiles write_server_certificates(const std::string& dir, const std::string& dns_name, std::time_t now) {
    CertificateSpec ca_spec;
    ca_spec.common_name = "niam test CA";
    ca_spec.is_ca = true;
    ca_spec.valid_until_days = 3650;
    const TestCertificate ca = make_certificate(ca_spec, nullptr, now);
    CertificateSpec intermediate_spec = ca_spec;
    intermediate_spec.common_name = "niam test intermediate";
    intermediate_spec.valid_until_days = 1825;
    const TestCertificate intermediate = make_certificate(intermediate_spec, &ca, now);
    CertificateSpec leaf_spec;
    leaf_spec.dns_names = {dns_name};
    leaf_spec.ip_addresses = {"127.0.0.1"};
    leaf_spec.valid_until_days = 90;
    const TestCertificate leaf = make_certificate(leaf_spec, &intermediate, now);
    ServerCertificateFiles files;
    files.ca_file = dir + "/ca.pem";
    files.chain_file = dir + "/server-chain.pem";
    files.key_file = dir + "/server.key";
    write_text_file(files.ca_file, ca.certificate_pem());
    write_text_file(files.chain_file, chain_pem({&leaf, &intermediate}));
    write_text_file(files.key_file, leaf.key_pem());
    return files;
}

void write_text_file(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) throw std::runtime_error("cannot write " + path);
}

}  // namespace niam_test
