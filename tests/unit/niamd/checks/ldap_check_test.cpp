// The LDAP BER of the ldap check (requests byte for byte, answers captured from slapd, cut
// and garbled ones) and LdapCheck against scripted loopback servers.
#include <catch2/catch.hpp>

#include "checks/ldap_ber.hpp"
#include "checks/ldap_check.hpp"
#include "niamd/checks/check_fixtures.hpp"
#include "niamd/checks/scripted_server.hpp"

using namespace std::chrono_literals;
using namespace check_test;
using namespace niamd::checks;

namespace {

std::string from_hex(std::string_view hex) {
    std::string bytes;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
        bytes += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
    return bytes;
}

// slapd 2.5's answers to an anonymous bind and the root DSE search (fuzz/corpus/ldap_message).
const std::string kBindOk = from_hex("300c02010261070a010004000400");
const std::string kRootDse = from_hex(
    "304b0201036446040030423023040e6e616d696e67436f6e74657874733111040f64633d6e69616d2c64633d74657374301b0414737570"
    "706f727465644c44415056657273696f6e3103040133");
const std::string kSearchDone = from_hex("300c02010365070a010004000400");

LdapOptions ldap_to(int port) {
    LdapOptions options;
    options.target = "127.0.0.1";
    options.port = port;
    return options;
}

}  // namespace

TEST_CASE("probes: ldap requests are the BER of RFC 4511", "[checks][probes]") {
    CHECK(ldap_bind_request(2, "", "") == from_hex("300c020102600702010304008000"));
    CHECK(ldap_unbind_request(4) == from_hex("30050201044200"));
    const std::string search = ldap_root_dse_search(3, {"namingContexts"});
    CHECK(search == from_hex("3035020103633004000a01000a0100020100020100010100870b6f626a656374436c617373"
                             "3010040e6e616d696e67436f6e7465787473"));
    CHECK(ldap_start_tls_request(1).find(std::string(kLdapStartTlsOid)) != std::string::npos);
}

TEST_CASE("probes: ldap answers captured from slapd are read", "[checks][probes]") {
    const std::string stream = kBindOk + kRootDse + kSearchDone;
    std::string error;
    CHECK(ldap_message_size(stream, error) == static_cast<long>(kBindOk.size()));
    LdapMessage message;
    REQUIRE(parse_ldap_message(kBindOk, message, error));
    CHECK(message.operation == kLdapBindResponse);
    CHECK(message.result_code == 0);
    REQUIRE(parse_ldap_message(kRootDse, message, error));
    CHECK(message.operation == kLdapSearchResultEntry);
    REQUIRE(message.attributes.size() == 2);
    CHECK(message.attributes[0].type == "namingContexts");
    CHECK(message.attributes[0].values == std::vector<std::string>{"dc=niam,dc=test"});
    CHECK(message.attributes[1].values == std::vector<std::string>{"3"});
}

TEST_CASE("probes: ldap cut and garbled answers are errors that say what was wrong", "[checks][probes]") {
    std::string error;
    CHECK(ldap_message_size(kRootDse.substr(0, 20), error) == 0);  // incomplete: read more
    CHECK(ldap_message_size("220 mail ESMTP", error) == -1);
    CHECK(error == "not an LDAP message (first byte is not SEQUENCE)");
    CHECK(ldap_message_size(from_hex("3080020102"), error) == -1);
    CHECK(ldap_message_size(from_hex("3084ffffffff"), error) == -1);
    CHECK(error == "LDAP message of 4294967295 bytes is too long");
    LdapMessage message;
    std::string garbled = kRootDse;
    garbled[12] = '\x7f';  // an attribute list's length beyond its message
    CHECK_FALSE(parse_ldap_message(garbled, message, error));
    CHECK_FALSE(error.empty());
    CHECK_FALSE(parse_ldap_message(kBindOk.substr(0, 9), message, error));
    CHECK(error == "LDAPMessage: cut short");
}

TEST_CASE("probes: ldap anonymous bind and root DSE are OK with the naming contexts", "[checks][probes]") {
    ScriptedServer server({send(kBindOk + kRootDse + kSearchDone), silent()});
    const auto outcome = LdapCheck(ldap_to(server.port())).run(2000ms);
    CHECK(outcome.ok);
    CHECK(outcome.output == "LDAP bind anonymous success; root DSE namingContexts dc=niam,dc=test, LDAP version 3");
}

TEST_CASE("probes: ldap invalid credentials are CRITICAL without the password", "[checks][probes]") {
    ScriptedServer server({send(from_hex("300c02010261070a013104000400")), silent()});
    LdapOptions options = ldap_to(server.port());
    options.username = "cn=admin,dc=x";
    options.password = "hunter2";
    const auto outcome = LdapCheck(options).run(2000ms);
    CHECK(outcome.nagios_code == 2);
    CHECK(outcome.output == "LDAP bind as cn=admin,dc=x refused: invalidCredentials");
}

TEST_CASE("probes: ldap another bind refusal and a non-LDAP answer are WARNINGs", "[checks][probes]") {
    {
        ScriptedServer server({send(from_hex("300c02010261070a013504000400")), silent()});
        const auto outcome = LdapCheck(ldap_to(server.port())).run(2000ms);
        CHECK(outcome.nagios_code == 1);
        CHECK(outcome.output == "LDAP unexpected bind response: unwillingToPerform ");
    }
    {
        ScriptedServer server({send("220 mail.example ESMTP\r\n"), silent()});
        const auto outcome = LdapCheck(ldap_to(server.port())).run(2000ms);
        CHECK(outcome.nagios_code == 1);
        CHECK(outcome.output ==
              "LDAP unexpected bind response: not an LDAP message (first byte is not SEQUENCE): 220 mail.example "
              "ESMTP\\r\\n");
    }
}

TEST_CASE("probes: ldap closed mid-dialogue and silence are CRITICAL", "[checks][probes]") {
    {
        ScriptedServer server({send(kBindOk), close_connection()});
        const auto outcome = LdapCheck(ldap_to(server.port())).run(2000ms);
        CHECK(outcome.nagios_code == 2);
        CHECK_THAT(outcome.output, Catch::Matches("LDAP search (request|answer): connection closed by the server|"
                                                  "LDAP search request: write failed: .*"));
    }
    {
        ScriptedServer server({silent()});
        const auto outcome = LdapCheck(ldap_to(server.port())).run(300ms);
        CHECK(outcome.nagios_code == 2);
        CHECK(outcome.output == "LDAP bind response: timed out after 300 ms");
    }
}

TEST_CASE("probes: ldap with starttls sends the StartTLS extended request first", "[checks][probes]") {
    // ExtendedResponse success with the responseName of StartTLS.
    ScriptedServer server(
        {send(from_hex("3024020101781f0a0100040004008a16312e332e362e312e342e312e313436362e3230303337")), silent()});
    LdapOptions options = ldap_to(server.port());
    options.starttls = true;
    const auto outcome = LdapCheck(options).run(2000ms);
    INFO(outcome.output);
    CHECK_FALSE(outcome.ok);  // the server accepted StartTLS, then never shakes hands
    CHECK(outcome.output.rfind("LDAP ", 0) == 0);
    CHECK(outcome.output.find("unexpected") == std::string::npos);
    CHECK(outcome.output.find("TLS") != std::string::npos);
}
