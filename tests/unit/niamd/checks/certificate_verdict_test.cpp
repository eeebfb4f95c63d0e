// The certificate verdict on chains made in memory at a fixed time: a test CA, an
// intermediate and leaves with the names and dates of the acceptance matrix.
#include <catch2/catch.hpp>

#include <openssl/x509.h>

#include <memory>
#include <vector>

#include <openssl/pem.h>

#include <cstdio>

#include "checks/certificate_verdict.hpp"
#include "checks/tls_trust_store.hpp"
#include "support/temp_dir.hpp"
#include "support/test_certificates.hpp"

using niam_test::CertificateSpec;
using niam_test::TestCertificate;
using niamd::checks::CertificateRules;
using niamd::checks::judge_certificates;
using niamd::checks::TlsVerdict;

namespace {

struct ChainFree {
    void operator()(STACK_OF(X509) * chain) const { sk_X509_free(chain); }
};

constexpr std::time_t kNow = 1800000000;  // 2027-01-15, the time every date is judged at

CertificateSpec ca_spec(const std::string& name, long until_days = 3650) {
    CertificateSpec spec;
    spec.common_name = name;
    spec.is_ca = true;
    spec.valid_until_days = until_days;
    return spec;
}

CertificateSpec leaf_spec(std::vector<std::string> dns_names, long until_days = 365, std::string common_name = "") {
    CertificateSpec spec;
    spec.common_name = std::move(common_name);
    spec.dns_names = std::move(dns_names);
    spec.valid_until_days = until_days;
    return spec;
}

struct Pki {
    TestCertificate ca = niam_test::make_certificate(ca_spec("niam test CA"), nullptr, kNow);
    TestCertificate intermediate = niam_test::make_certificate(ca_spec("niam test intermediate"), &ca, kNow);
    std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> store{X509_STORE_new(), &X509_STORE_free};
    Pki() { X509_STORE_add_cert(store.get(), ca.certificate.get()); }

    TlsVerdict judge(const std::vector<const TestCertificate*>& chain, const std::string& name,
                     int expire_before_days = 0, bool ignore_invalid = false) {
        std::unique_ptr<STACK_OF(X509), ChainFree> served(sk_X509_new_null());
        for (const TestCertificate* member : chain) sk_X509_push(served.get(), member->certificate.get());
        CertificateRules rules;
        rules.name = name;
        rules.expire_before_days = expire_before_days;
        rules.ignore_invalid = ignore_invalid;
        TlsVerdict verdict = judge_certificates(served.get(), store.get(), rules, kNow);
        UNSCOPED_INFO(verdict.text);
        return verdict;
    }
    TestCertificate leaf(const CertificateSpec& spec, const TestCertificate* issuer = nullptr) {
        return niam_test::make_certificate(spec, issuer != nullptr ? issuer : &intermediate, kNow);
    }
};

}  // namespace

TEST_CASE("tls verdict: a valid chain is OK with the days left of the leaf", "[checks][tls]") {
    Pki pki;
    const auto leaf = pki.leaf(leaf_spec({"www.example.test"}, 40));
    const auto verdict = pki.judge({&leaf, &pki.intermediate}, "www.example.test");
    CHECK(verdict.handshake_ok);
    CHECK(verdict.nagios_code == 0);
    REQUIRE(verdict.days_left);
    CHECK(*verdict.days_left == 40);
    CHECK(verdict.first_expiring == "O=niam test");
    CHECK(verdict.text == "certificate 'O=niam test' (leaf) expires in 40 days; chain verified; name matched");
}

TEST_CASE("tls verdict: expired and not yet valid leaves are CRITICAL", "[checks][tls]") {
    Pki pki;
    auto expired_spec = leaf_spec({"www.example.test"}, -2);
    expired_spec.valid_from_days = -30;
    const auto expired = pki.leaf(expired_spec);
    const auto old = pki.judge({&expired, &pki.intermediate}, "www.example.test");
    CHECK(old.nagios_code == 2);
    CHECK_THAT(old.text, Catch::Contains("(leaf) has expired"));
    REQUIRE(old.days_left);
    CHECK(*old.days_left == -2);

    auto future_spec = leaf_spec({"www.example.test"});
    future_spec.valid_from_days = 2;
    const auto future = pki.leaf(future_spec);
    const auto early = pki.judge({&future, &pki.intermediate}, "www.example.test");
    CHECK(early.nagios_code == 2);
    CHECK_THAT(early.text, Catch::Contains("(leaf) is not yet valid"));
}

TEST_CASE("tls verdict: a wrong name is CRITICAL and says which name", "[checks][tls]") {
    Pki pki;
    const auto leaf = pki.leaf(leaf_spec({"www.example.test"}));
    const auto verdict = pki.judge({&leaf, &pki.intermediate}, "mail.example.test");
    CHECK(verdict.nagios_code == 2);
    CHECK_THAT(verdict.text, Catch::StartsWith("name 'mail.example.test' does not match the certificate"));
    CHECK(pki.judge({&leaf, &pki.intermediate}, "WWW.Example.TEST").nagios_code == 0);  // case-insensitive
}

TEST_CASE("tls verdict: a wildcard matches one label only and never the apex", "[checks][tls]") {
    Pki pki;
    const auto leaf = pki.leaf(leaf_spec({"*.example.test"}));
    CHECK(pki.judge({&leaf, &pki.intermediate}, "a.example.test").nagios_code == 0);
    CHECK(pki.judge({&leaf, &pki.intermediate}, "example.test").nagios_code == 2);
    CHECK(pki.judge({&leaf, &pki.intermediate}, "a.b.example.test").nagios_code == 2);
    const auto partial = pki.leaf(leaf_spec({"f*.example.test"}));
    CHECK(pki.judge({&partial, &pki.intermediate}, "foo.example.test").nagios_code == 2);
}

TEST_CASE("tls verdict: the CN counts only when there is no DNS SAN", "[checks][tls]") {
    Pki pki;
    const auto san_only = pki.leaf(leaf_spec({"san.example.test"}));
    CHECK(pki.judge({&san_only, &pki.intermediate}, "san.example.test").nagios_code == 0);
    const auto cn_only = pki.leaf(leaf_spec({}, 365, "cn.example.test"));
    CHECK(pki.judge({&cn_only, &pki.intermediate}, "cn.example.test").nagios_code == 0);
    const auto both = pki.leaf(leaf_spec({"other.example.test"}, 365, "cn.example.test"));
    CHECK(pki.judge({&both, &pki.intermediate}, "cn.example.test").nagios_code == 2);
}

TEST_CASE("tls verdict: an IP target matches IP SANs", "[checks][tls]") {
    Pki pki;
    auto spec = leaf_spec({"www.example.test"});
    spec.ip_addresses = {"127.0.0.1"};
    const auto leaf = pki.leaf(spec);
    CHECK(pki.judge({&leaf, &pki.intermediate}, "127.0.0.1").nagios_code == 0);
    CHECK(pki.judge({&leaf, &pki.intermediate}, "127.0.0.2").nagios_code == 2);
}

TEST_CASE("tls verdict: self-signed and missing intermediate chains are not trusted", "[checks][tls]") {
    Pki pki;
    const auto self = niam_test::make_certificate(leaf_spec({"www.example.test"}), nullptr, kNow);
    const auto alone = pki.judge({&self}, "www.example.test");
    CHECK(alone.nagios_code == 2);
    CHECK_THAT(alone.text, Catch::StartsWith("chain not trusted: self-signed certificate"));

    const auto leaf = pki.leaf(leaf_spec({"www.example.test"}));
    const auto missing = pki.judge({&leaf}, "www.example.test");
    CHECK(missing.nagios_code == 2);
    CHECK_THAT(missing.text, Catch::StartsWith("chain not trusted: unable to get local issuer certificate"));
}

TEST_CASE("tls verdict: an intermediate expiring before the leaf is the one reported", "[checks][tls]") {
    Pki pki;
    const auto short_intermediate = niam_test::make_certificate(ca_spec("niam short intermediate", 3), &pki.ca, kNow);
    const auto leaf = pki.leaf(leaf_spec({"www.example.test"}, 40), &short_intermediate);
    const auto quiet = pki.judge({&leaf, &short_intermediate}, "www.example.test");
    CHECK(quiet.nagios_code == 0);
    REQUIRE(quiet.days_left);
    CHECK(*quiet.days_left == 3);
    CHECK(quiet.first_expiring == "CN=niam short intermediate");

    const auto warned = pki.judge({&leaf, &short_intermediate}, "www.example.test", 7);
    CHECK(warned.nagios_code == 1);
    CHECK_THAT(warned.text, Catch::StartsWith("certificate 'CN=niam short intermediate' (intermediate) expires in 3 "
                                              "days, before the leaf (40 days), within 7 days"));
}

TEST_CASE("tls verdict: a trust anchor expiring first is reported", "[checks][tls]") {
    Pki pki;
    const auto short_ca = niam_test::make_certificate(ca_spec("niam short CA", 10), nullptr, kNow);
    X509_STORE_add_cert(pki.store.get(), short_ca.certificate.get());
    const auto leaf = pki.leaf(leaf_spec({"www.example.test"}, 40), &short_ca);
    const auto verdict = pki.judge({&leaf}, "www.example.test");
    CHECK(verdict.nagios_code == 0);
    REQUIRE(verdict.days_left);
    CHECK(*verdict.days_left == 10);
    CHECK_THAT(verdict.text, Catch::StartsWith("certificate 'CN=niam short CA' (trust anchor) expires in 10 days"));
}

TEST_CASE("tls verdict: expiring within expire_before_days is a WARNING", "[checks][tls]") {
    Pki pki;
    const auto leaf = pki.leaf(leaf_spec({"www.example.test"}, 20));
    CHECK(pki.judge({&leaf, &pki.intermediate}, "www.example.test", 21).nagios_code == 1);
    CHECK(pki.judge({&leaf, &pki.intermediate}, "www.example.test", 20).nagios_code == 0);
}

TEST_CASE("tls verdict: ignore_invalid passes a bad chain and still gives the days left", "[checks][tls]") {
    Pki pki;
    auto spec = leaf_spec({"www.example.test"}, -3);
    spec.valid_from_days = -30;
    const auto self = niam_test::make_certificate(spec, nullptr, kNow);
    const auto verdict = pki.judge({&self}, "other.example.test", 0, true);
    CHECK(verdict.nagios_code == 0);
    REQUIRE(verdict.days_left);
    CHECK(*verdict.days_left == -3);
    CHECK_THAT(verdict.text, Catch::Contains("chain not trusted (ignored)"));
    CHECK_THAT(verdict.text, Catch::Contains("name mismatch (ignored)"));
}

TEST_CASE("tls verdict: no certificate served is CRITICAL", "[checks][tls]") {
    Pki pki;
    CHECK(pki.judge({}, "www.example.test").nagios_code == 2);
}

TEST_CASE("tls verdict: the certificate files made for test servers verify against their ca_file", "[checks][tls]") {
    test_support::TempDir dir("niam-tls");
    const auto files = niam_test::write_server_certificates(dir.str(), "mail.niam.localhost", kNow);
    std::string error;
    const auto store = niamd::checks::load_trust_store(files.ca_file, error);
    REQUIRE(store);
    std::unique_ptr<STACK_OF(X509), ChainFree> served(sk_X509_new_null());
    std::FILE* chain = std::fopen(files.chain_file.c_str(), "r");
    REQUIRE(chain != nullptr);
    while (X509* certificate = PEM_read_X509(chain, nullptr, nullptr, nullptr)) sk_X509_push(served.get(), certificate);
    std::fclose(chain);
    REQUIRE(sk_X509_num(served.get()) == 2);
    CertificateRules rules;
    rules.name = "mail.niam.localhost";
    const auto verdict = judge_certificates(served.get(), store.get(), rules, kNow);
    for (int i = 0; i < sk_X509_num(served.get()); ++i) X509_free(sk_X509_value(served.get(), i));
    INFO(verdict.text);
    CHECK(verdict.nagios_code == 0);
    CHECK(*verdict.days_left == 90);
}

TEST_CASE("tls verdict: an unreadable ca_file is named in the error", "[checks][tls]") {
    std::string error;
    CHECK_FALSE(niamd::checks::load_trust_store("/nonexistent/ca.pem", error));
    CHECK_THAT(error, Catch::StartsWith("cannot read ca_file /nonexistent/ca.pem: "));
}
