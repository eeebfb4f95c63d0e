// ChainTrust: whether a served chain leads to an anchor of a trust store (X509_verify_cert
// for a TLS server, dates left aside: the caller judges them at its time), remembered by the
// store and the SHA-256 of every certificate served, so the same chain from the same server is
// not verified again at every check (OpenSSL 3 spends a good part of a check's CPU on it).
// Nothing of it depends on the time, so a remembered answer is the answer, as long as a store is
// not changed once checks use it (tls_trust_store reads a changed ca_file into a new store).
//
// Bounded: kMaxRememberedChains answers (all forgotten when full); each holds a reference to
// its store, so a store reloaded since (another object) is never mistaken for the old one.
// Thread-safe.
#pragma once

#include <openssl/x509.h>

#include <cstddef>
#include <string>

namespace niamd::checks {

inline constexpr std::size_t kMaxRememberedChains = 256;

struct ChainTrust {
    bool trusted = false;
    std::string problem;     // why not, when not trusted
    X509* anchor = nullptr;  // the chain's last certificate when trusted: a reference the caller frees
};

// `served`: leaf first, not empty.
ChainTrust verify_chain(STACK_OF(X509) * served, X509_STORE* store);

// Answers remembered now (for the tests).
std::size_t remembered_chains();

}  // namespace niamd::checks
