// CertificateVerdict: what a served TLS certificate chain is worth, judged without I/O from
// the chain (leaf first), a trust store, the name to match and the time: chain trusted,
// dates, name (RFC 6125), and the days left of the first-expiring certificate.
#pragma once

#include <openssl/x509.h>

#include <ctime>
#include <string>

#include "checks/connection.hpp"

namespace niamd::checks {

struct CertificateRules {
    std::string name;             // the name to match: a DNS name or an IP literal
    bool ignore_invalid = false;  // chain, name and date failures do not fail the verdict
    int expire_before_days = 0;   // days_left below this is a WARNING
};

// `served` is the chain as the server sent it, leaf first (may be null or empty); `store`
// holds the trust anchors. `now` is the time the dates are judged at. handshake_ok is set.
TlsVerdict judge_certificates(STACK_OF(X509) * served, X509_STORE* store, const CertificateRules& rules,
                              std::time_t now);

// "CN=leaf.example.com" (RFC 2253 one-line form, at most 200 characters).
std::string certificate_subject(X509* certificate);

}  // namespace niamd::checks
