// Every STARTTLS protocol (and its implicit-TLS port) against a real server serving a
// certificate made by the test: IMAP STARTTLS and IMAPS, POP3 STLS and POP3S (dovecot), SMTP
// STARTTLS (exim4) and LDAP StartTLS and LDAPS (slapd). A right name is OK with the chain
// verified; a wrong name is CRITICAL after the upgrade, so the verdict is the served one's.
#include <catch2/catch.hpp>

#include <ctime>

#include "checks/imap_check.hpp"
#include "checks/ldap_check.hpp"
#include "checks/pop3_check.hpp"
#include "checks/smtp_check.hpp"
#include "ldap_server.hpp"
#include "mail_servers.hpp"
#include "support/temp_dir.hpp"
#include "support/test_certificates.hpp"

using namespace std::chrono_literals;
using namespace niamd::checks;
using server_test::DovecotServer;
using server_test::EximServer;
using server_test::ServedCertificate;
using server_test::SlapdServer;

namespace {

constexpr const char* kName = "mail.niam.localhost";

struct Certificates {
    test_support::TempDir dir{"niam-starttls"};
    niam_test::ServerCertificateFiles files =
        niam_test::write_server_certificates(dir.str(), kName, std::time(nullptr));
    ServedCertificate served() const {
        ServedCertificate s;
        s.chain_file = files.chain_file;
        s.key_file = files.key_file;
        return s;
    }
    TlsOptions tls(const std::string& name = kName) const {
        TlsOptions options;
        options.hostname = name;
        options.ca_file = files.ca_file;
        return options;
    }
};

template <typename Options>
Options over_tls(int port, bool ssl, bool starttls, const TlsOptions& tls) {
    Options options;
    options.target = "127.0.0.1";
    options.port = port;
    options.ssl = ssl;
    options.starttls = starttls;
    options.tls = tls;
    return options;
}

void verified(const CheckOutcome& outcome) {
    INFO(outcome.output);
    CHECK(outcome.nagios_code == 0);
    CHECK_THAT(outcome.output, Catch::Contains("chain verified; name matched"));
    CHECK_THAT(outcome.perfdata, Catch::Contains("tls_days_left="));
}

void wrong_name(const CheckOutcome& outcome) {
    INFO(outcome.output);
    CHECK(outcome.nagios_code == 2);
    CHECK_THAT(outcome.output, Catch::Contains("name"));
}

}  // namespace

TEST_CASE("probes: imap and pop3 STARTTLS and implicit TLS against a real dovecot", "[probes][servers][tls]") {
    Certificates certificates;
    const ServedCertificate served = certificates.served();
    DovecotServer dovecot(&served);
    auto imap = over_tls<ImapOptions>(dovecot.imap_port(), false, true, certificates.tls());
    imap.username = DovecotServer::kUser;
    imap.password = DovecotServer::kPassword;
    verified(ImapCheck(imap).run(5000ms));
    verified(ImapCheck(over_tls<ImapOptions>(dovecot.imaps_port(), true, false, certificates.tls())).run(5000ms));
    wrong_name(ImapCheck(over_tls<ImapOptions>(dovecot.imap_port(), false, true, certificates.tls("other.localhost")))
                   .run(5000ms));
    auto pop3 = over_tls<Pop3Options>(dovecot.pop3_port(), false, true, certificates.tls());
    pop3.username = DovecotServer::kUser;
    pop3.password = DovecotServer::kPassword;
    verified(Pop3Check(pop3).run(5000ms));
    verified(Pop3Check(over_tls<Pop3Options>(dovecot.pop3s_port(), true, false, certificates.tls())).run(5000ms));
    wrong_name(Pop3Check(over_tls<Pop3Options>(dovecot.pop3s_port(), true, false, certificates.tls("other.localhost")))
                   .run(5000ms));
}

TEST_CASE("probes: smtp STARTTLS against a real exim", "[probes][servers][tls]") {
    Certificates certificates;
    const ServedCertificate served = certificates.served();
    DovecotServer dovecot;
    EximServer exim(dovecot.lmtp_port(), &served);
    auto smtp = over_tls<SmtpOptions>(exim.port(), false, true, certificates.tls());
    smtp.helo_name = "client.niam.localhost";
    verified(SmtpCheck(smtp).run(5000ms));
    smtp.tls = certificates.tls("other.localhost");
    wrong_name(SmtpCheck(smtp).run(5000ms));
}

TEST_CASE("probes: ldap StartTLS and LDAPS against a real slapd", "[probes][servers][tls]") {
    Certificates certificates;
    const ServedCertificate served = certificates.served();
    SlapdServer slapd(&served);
    verified(LdapCheck(over_tls<LdapOptions>(slapd.port(), false, true, certificates.tls())).run(5000ms));
    verified(LdapCheck(over_tls<LdapOptions>(slapd.ldaps_port(), true, false, certificates.tls())).run(5000ms));
    wrong_name(
        LdapCheck(over_tls<LdapOptions>(slapd.port(), false, true, certificates.tls("other.localhost"))).run(5000ms));
}
