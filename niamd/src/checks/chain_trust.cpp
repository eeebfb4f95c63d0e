#include "checks/chain_trust.hpp"

#include <openssl/evp.h>
#include <openssl/x509v3.h>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

namespace niamd::checks {
namespace {

struct Remembered {
    X509_STORE* store = nullptr;  // a reference
    bool verified = false;        // false: not even tried (out of memory), not to be remembered
    bool trusted = false;
    std::string problem;
    X509* anchor = nullptr;  // a reference, or null
};

struct Memory {
    std::mutex mutex;
    std::map<std::string, Remembered> answers;

    void forget_all() {
        for (auto& [key, answer] : answers) {
            X509_STORE_free(answer.store);
            X509_free(answer.anchor);
        }
        answers.clear();
    }
    ~Memory() { forget_all(); }
};

Memory& memory() {
    static Memory instance;
    return instance;
}

// The store's address, then each certificate's SHA-256; nullopt when one cannot be hashed.
std::optional<std::string> key_of(STACK_OF(X509) * served, X509_STORE* store) {
    std::string key(reinterpret_cast<const char*>(&store), sizeof store);
    for (int i = 0; i < sk_X509_num(served); ++i) {
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned int size = 0;
        if (X509_digest(sk_X509_value(served, i), EVP_sha256(), digest, &size) != 1) return std::nullopt;
        key.append(reinterpret_cast<const char*>(digest), size);
    }
    return key;
}

struct StoreContextFree {
    void operator()(X509_STORE_CTX* context) const { X509_STORE_CTX_free(context); }
};

Remembered verify(STACK_OF(X509) * served, X509_STORE* store) {
    Remembered answer;
    std::unique_ptr<X509_STORE_CTX, StoreContextFree> context(X509_STORE_CTX_new());
    STACK_OF(X509)* untrusted = sk_X509_dup(served);
    if (untrusted != nullptr) (void)sk_X509_shift(untrusted);
    if (context && X509_STORE_CTX_init(context.get(), store, sk_X509_value(served, 0), untrusted) == 1) {
        X509_STORE_CTX_set_flags(context.get(), X509_V_FLAG_NO_CHECK_TIME);
        X509_STORE_CTX_set_purpose(context.get(), X509_PURPOSE_SSL_SERVER);
        answer.verified = true;
        answer.trusted = X509_verify_cert(context.get()) == 1;
        if (answer.trusted) {
            STACK_OF(X509)* built = X509_STORE_CTX_get0_chain(context.get());
            if (built != nullptr && sk_X509_num(built) > 0) {
                answer.anchor = sk_X509_value(built, sk_X509_num(built) - 1);
                X509_up_ref(answer.anchor);
            }
        } else {
            answer.problem = std::string("chain not trusted: ") +
                             X509_verify_cert_error_string(X509_STORE_CTX_get_error(context.get()));
        }
    } else {
        answer.problem = "chain not verified: out of memory";
    }
    sk_X509_free(untrusted);
    return answer;
}

ChainTrust handed_out(const Remembered& answer) {
    ChainTrust trust;
    trust.trusted = answer.trusted;
    trust.problem = answer.problem;
    if (answer.anchor != nullptr && X509_up_ref(answer.anchor) == 1) trust.anchor = answer.anchor;
    return trust;
}

}  // namespace

ChainTrust verify_chain(STACK_OF(X509) * served, X509_STORE* store) {
    const auto key = key_of(served, store);
    auto& remembered = memory();
    if (key) {
        std::lock_guard lock(remembered.mutex);
        if (auto found = remembered.answers.find(*key); found != remembered.answers.end())
            return handed_out(found->second);
    }
    Remembered answer = verify(served, store);
    ChainTrust trust = handed_out(answer);
    if (!key || !answer.verified || X509_STORE_up_ref(store) != 1) {
        X509_free(answer.anchor);
        return trust;
    }
    answer.store = store;
    std::lock_guard lock(remembered.mutex);
    if (remembered.answers.size() >= kMaxRememberedChains) remembered.forget_all();
    auto [at, added] = remembered.answers.emplace(*key, answer);
    if (!added) {  // another thread was first: keep its answer
        X509_STORE_free(answer.store);
        X509_free(answer.anchor);
    }
    return trust;
}

std::size_t remembered_chains() {
    auto& remembered = memory();
    std::lock_guard lock(remembered.mutex);
    return remembered.answers.size();
}

}  // namespace niamd::checks
