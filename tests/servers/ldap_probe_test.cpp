// The ldap check against a real slapd: anonymous and simple bind, the root DSE, and
// invalid credentials.
#include <catch2/catch.hpp>

#include "checks/ldap_check.hpp"
#include "ldap_server.hpp"

using namespace std::chrono_literals;
using niamd::checks::LdapCheck;
using niamd::checks::LdapOptions;
using server_test::SlapdServer;

TEST_CASE("probes: ldap against a real slapd binds and reads the root DSE", "[probes][servers]") {
    SlapdServer slapd;
    LdapOptions options;
    options.target = "127.0.0.1";
    options.port = slapd.port();
    auto outcome = LdapCheck(options).run(5000ms);
    INFO(outcome.output);
    CHECK(outcome.ok);
    CHECK(outcome.output == "LDAP bind anonymous success; root DSE namingContexts dc=niam,dc=test, LDAP version 3");

    options.username = SlapdServer::kBindDn;
    options.password = SlapdServer::kPassword;
    outcome = LdapCheck(options).run(5000ms);
    INFO(outcome.output);
    CHECK(outcome.ok);
    CHECK(outcome.output ==
          "LDAP bind as cn=admin,dc=niam,dc=test success; root DSE namingContexts dc=niam,dc=test, LDAP version 3");

    options.password = "wrong-password";
    outcome = LdapCheck(options).run(5000ms);
    INFO(outcome.output);
    CHECK(outcome.nagios_code == 2);
    CHECK(outcome.output == "LDAP bind as cn=admin,dc=niam,dc=test refused: invalidCredentials");
}
