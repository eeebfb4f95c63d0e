// LdapCheck: type `ldap` — a simple bind (anonymous, or username/password), a base-scope
// search of the root DSE ((objectClass=*), namingContexts and supportedLDAPVersion) and an
// unbind, in hand-written BER (checks/ldap_ber.*). LDAPS with `ssl`, the StartTLS extended
// operation with `starttls`. Invalid credentials are CRITICAL, another refusal a WARNING.
#pragma once

#include <string>

#include "checks/check.hpp"
#include "checks/connection.hpp"

namespace niamd::checks {

// 389, or 636 with implicit TLS.
inline int ldap_default_port(bool ssl) { return ssl ? 636 : 389; }

struct LdapOptions {
    std::string target;
    int port = 389;
    bool ssl = false;
    bool starttls = false;
    TlsOptions tls;
    std::string username;  // the bind DN; both empty: anonymous
    std::string password;  // never in an output or a log
};

// Messages of one answer (a search's entries and its Done) read before it is a wrong answer.
inline constexpr int kLdapMaxAnswerMessages = 100;

class LdapCheck final : public Check {
  public:
    explicit LdapCheck(LdapOptions options) : options_(std::move(options)) {}
    CheckOutcome run(std::chrono::milliseconds timeout) override;

  private:
    LdapOptions options_;
};

}  // namespace niamd::checks
