// ChainTrust: a served chain verified once per store and chain bytes, the answer (trusted, the
// anchor, or why not) the same when remembered, another store or chain verified anew, bounded.
#include <catch2/catch.hpp>

#include <openssl/x509.h>

#include <memory>
#include <vector>

#include "checks/chain_trust.hpp"
#include "support/test_certificates.hpp"

using niam_test::CertificateSpec;
using niam_test::TestCertificate;
using niamd::checks::ChainTrust;
using niamd::checks::kMaxRememberedChains;
using niamd::checks::remembered_chains;
using niamd::checks::verify_chain;

namespace {

constexpr std::time_t kNow = 1800000000;

CertificateSpec spec(const std::string& name, bool is_ca) {
    CertificateSpec s;
    s.common_name = name;
    s.is_ca = is_ca;
    s.valid_until_days = 365;
    if (!is_ca) s.dns_names = {name};
    return s;
}

using Store = std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)>;
using Chain = std::unique_ptr<STACK_OF(X509), void (*)(STACK_OF(X509)*)>;

Store store_with(const TestCertificate* anchor) {
    Store store(X509_STORE_new(), &X509_STORE_free);
    if (anchor != nullptr) X509_STORE_add_cert(store.get(), anchor->certificate.get());
    return store;
}

Chain chain_of(const std::vector<const TestCertificate*>& members) {
    Chain chain(sk_X509_new_null(), [](STACK_OF(X509) * c) { sk_X509_free(c); });
    for (const auto* member : members) sk_X509_push(chain.get(), member->certificate.get());
    return chain;
}

struct Answer {
    bool trusted;
    std::string problem;
    bool anchor_is_ca;
};

Answer ask(STACK_OF(X509) * chain, X509_STORE* store, const TestCertificate& ca) {
    ChainTrust trust = verify_chain(chain, store);
    Answer answer{trust.trusted, trust.problem,
                  trust.anchor != nullptr && X509_cmp(trust.anchor, ca.certificate.get()) == 0};
    X509_free(trust.anchor);
    return answer;
}

}  // namespace

TEST_CASE("chain trust: a chain is verified once per store, the remembered answer is the same", "[checks][tls]") {
    const TestCertificate ca = niam_test::make_certificate(spec("niam trust CA", true), nullptr, kNow);
    const TestCertificate leaf = niam_test::make_certificate(spec("www.trust.test", false), &ca, kNow);
    const TestCertificate stranger_ca = niam_test::make_certificate(spec("niam stranger CA", true), nullptr, kNow);
    const TestCertificate stranger = niam_test::make_certificate(spec("www.stranger.test", false), &stranger_ca, kNow);
    auto store = store_with(&ca);
    auto chain = chain_of({&leaf});

    const std::size_t before = remembered_chains();
    const Answer first = ask(chain.get(), store.get(), ca);
    CHECK(first.trusted);
    CHECK(first.anchor_is_ca);
    CHECK(remembered_chains() == before + 1);
    const Answer again = ask(chain.get(), store.get(), ca);
    CHECK(again.trusted);
    CHECK(again.anchor_is_ca);
    CHECK(remembered_chains() == before + 1);

    // Not trusted: why, the same the second time.
    auto strange = chain_of({&stranger});
    const Answer refused = ask(strange.get(), store.get(), ca);
    CHECK_FALSE(refused.trusted);
    CHECK_FALSE(refused.anchor_is_ca);
    CHECK(refused.problem == "chain not trusted: unable to get local issuer certificate");
    CHECK(ask(strange.get(), store.get(), ca).problem == refused.problem);
    CHECK(remembered_chains() == before + 2);

    // The same chain against another store (a reloaded ca_file): verified against that one.
    auto empty = store_with(nullptr);
    CHECK_FALSE(ask(chain.get(), empty.get(), ca).trusted);
    auto other = store_with(&ca);
    CHECK(ask(chain.get(), other.get(), ca).trusted);
    // A store freed by its owner stays alive while an answer names it: never mistaken for a new one.
    store.reset();
    auto fresh = store_with(nullptr);
    CHECK_FALSE(ask(chain.get(), fresh.get(), ca).trusted);
}

TEST_CASE("chain trust: at most kMaxRememberedChains answers are remembered", "[checks][tls]") {
    const TestCertificate ca = niam_test::make_certificate(spec("niam bound CA", true), nullptr, kNow);
    auto store = store_with(&ca);
    const TestCertificate leaf = niam_test::make_certificate(spec("www.bound.test", false), &ca, kNow);
    for (std::size_t i = 0; i <= kMaxRememberedChains; ++i) {
        auto empty = store_with(nullptr);  // each its own store: its own answer
        auto chain = chain_of({&leaf});
        CHECK_FALSE(verify_chain(chain.get(), empty.get()).trusted);
        REQUIRE(remembered_chains() <= kMaxRememberedChains);
    }
    auto chain = chain_of({&leaf});
    CHECK(ask(chain.get(), store.get(), ca).trusted);
}
