// The protocol checks against real servers on loopback ports: sshd, dovecot (IMAP, POP3),
// exim4, and the whole mail flow smtp → exim → dovecot LMTP → imap/pop3 → mailflow.
#include <catch2/catch.hpp>

#include <thread>

#include "checks/imap_check.hpp"
#include "checks/mailflow_check.hpp"
#include "checks/mailflow_tokens.hpp"
#include "checks/pop3_check.hpp"
#include "checks/smtp_check.hpp"
#include "checks/ssh_check.hpp"
#include "mail_servers.hpp"

using namespace std::chrono_literals;
using namespace niamd::checks;
using server_test::DovecotServer;
using server_test::EximServer;

namespace {

ImapOptions imap_of(const DovecotServer& dovecot, const std::filesystem::path& state) {
    ImapOptions options;
    options.target = "127.0.0.1";
    options.port = dovecot.imap_port();
    options.username = DovecotServer::kUser;
    options.password = DovecotServer::kPassword;
    options.mailflowid = "mx1";
    options.state_dir = state;
    return options;
}

Pop3Options pop3_of(const DovecotServer& dovecot, const std::filesystem::path& state) {
    Pop3Options options;
    options.target = "127.0.0.1";
    options.port = dovecot.pop3_port();
    options.username = DovecotServer::kUser;
    options.password = DovecotServer::kPassword;
    options.mailflowid = "mx1";
    options.state_dir = state;
    return options;
}

SmtpOptions smtp_of(const EximServer& exim, const std::filesystem::path& state) {
    SmtpOptions options;
    options.target = "127.0.0.1";
    options.port = exim.port();
    options.helo_name = "client.niam-test.localdomain";
    options.email = std::string(DovecotServer::kUser) + "@" + EximServer::kDomain;
    options.mailflowid = "mx1";
    options.state_dir = state;
    return options;
}

// Bounded wait for exim's delivery into the maildir.
bool wait_for_mails(const DovecotServer& dovecot, int count) {
    const auto until = std::chrono::steady_clock::now() + 10s;
    while (std::chrono::steady_clock::now() < until) {
        if (dovecot.mails() >= count) return true;
        std::this_thread::sleep_for(50ms);
    }
    return false;
}

}  // namespace

TEST_CASE("probes: ssh against a real sshd reports its OpenSSH version", "[probes][servers]") {
    server_test::SshdServer sshd;
    SshOptions options;
    options.target = "127.0.0.1";
    options.port = sshd.port();
    const auto outcome = SshCheck(options).run(5000ms);
    INFO(outcome.output);
    CHECK(outcome.ok);
    CHECK_THAT(outcome.output, Catch::Matches("SSH SSH-2\\.0-OpenSSH_[0-9.]+p[0-9]+ Debian-.*"));
}

TEST_CASE("probes: imap and pop3 against a real dovecot greet log in and log out", "[probes][servers]") {
    DovecotServer dovecot;
    test_support::TempDir state("niam-probes-state");
    ImapOptions imap = imap_of(dovecot, state.path());
    imap.username.clear();
    auto outcome = ImapCheck(imap).run(5000ms);
    INFO(outcome.output);
    CHECK(outcome.ok);
    CHECK(outcome.output.rfind("IMAP * OK [CAPABILITY IMAP4rev1", 0) == 0);

    outcome = ImapCheck(imap_of(dovecot, state.path())).run(5000ms);
    INFO(outcome.output);
    CHECK(outcome.ok);
    CHECK_THAT(outcome.output, Catch::EndsWith("logged in, 0 token(s) found (0 on a list), 0 mail(s) deleted"));

    Pop3Options pop3 = pop3_of(dovecot, state.path());
    outcome = Pop3Check(pop3).run(5000ms);
    INFO(outcome.output);
    CHECK(outcome.ok);
    CHECK(outcome.output.rfind("POP3 +OK Dovecot", 0) == 0);

    imap = imap_of(dovecot, state.path());
    imap.password = "wrong-password";
    outcome = ImapCheck(imap).run(5000ms);
    INFO(outcome.output);
    CHECK(outcome.nagios_code == 2);
    CHECK(outcome.output.rfind("IMAP login refused: a1 NO [AUTHENTICATIONFAILED]", 0) == 0);
    CHECK(outcome.output.find("wrong-password") == std::string::npos);

    pop3.password = "wrong-password";
    outcome = Pop3Check(pop3).run(5000ms);
    INFO(outcome.output);
    CHECK(outcome.nagios_code == 2);
    CHECK(outcome.output.rfind("POP3 login refused: -ERR", 0) == 0);
}

TEST_CASE("probes: mail flow through real exim and dovecot is seen by imap and pop3", "[probes][servers]") {
    DovecotServer dovecot;
    EximServer exim(dovecot.lmtp_port());
    test_support::TempDir state("niam-probes-state");
    MailflowOptions flow;
    flow.id = "mx1";
    flow.seconds = 120;
    flow.state_dir = state.path();

    // smtp plain: greeting, EHLO, QUIT.
    SmtpOptions plain = smtp_of(exim, state.path());
    plain.email.clear();
    auto outcome = SmtpCheck(plain).run(5000ms);
    INFO(outcome.output);
    CHECK(outcome.ok);
    CHECK(outcome.output.rfind("SMTP 220 niam-test.localdomain ESMTP Exim 4.", 0) == 0);

    // A mail with a token: recorded, delivered, found by imap, removed, its mail deleted.
    outcome = SmtpCheck(smtp_of(exim, state.path())).run(5000ms);
    INFO(outcome.output);
    REQUIRE(outcome.ok);
    REQUIRE(MailflowTokens(state.path(), "mx1").list().size() == 1);
    REQUIRE(wait_for_mails(dovecot, 1));
    outcome = ImapCheck(imap_of(dovecot, state.path())).run(5000ms);
    INFO(outcome.output);
    CHECK(outcome.ok);
    CHECK_THAT(outcome.output, Catch::EndsWith("logged in, 1 token(s) found (1 on a list), 1 mail(s) deleted"));
    CHECK(MailflowTokens(state.path(), "mx1").list().empty());
    CHECK(dovecot.mails() == 0);
    CHECK(MailflowCheck(flow).run(1000ms).ok);

    // The same through pop3.
    outcome = SmtpCheck(smtp_of(exim, state.path())).run(5000ms);
    REQUIRE(outcome.ok);
    REQUIRE(wait_for_mails(dovecot, 1));
    outcome = Pop3Check(pop3_of(dovecot, state.path())).run(5000ms);
    INFO(outcome.output);
    CHECK(outcome.ok);
    CHECK_THAT(outcome.output, Catch::EndsWith("logged in, 1 token(s) found (1 on a list), 1 mail(s) deleted"));
    CHECK(MailflowTokens(state.path(), "mx1").list().empty());
    CHECK(dovecot.mails() == 0);

    // A mail that never arrives (sent to a user dovecot does not have): mailflow turns
    // CRITICAL once its token is older than `seconds` (the clock moved on, not slept).
    SmtpOptions lost = smtp_of(exim, state.path());
    lost.email = std::string("nobody@") + EximServer::kDomain;
    outcome = SmtpCheck(lost).run(5000ms);
    REQUIRE(outcome.ok);
    const auto sent = MailflowTokens(state.path(), "mx1").list().at(0).sent;
    CHECK(MailflowCheck(flow, [&] { return sent + 60s; }).run(1000ms).ok);
    const auto late = MailflowCheck(flow, [&] { return sent + 121s; }).run(1000ms);
    CHECK(late.nagios_code == 2);
    CHECK_THAT(late.output, Catch::StartsWith("MAILFLOW 1 mail(s) of mx1 not seen within 120 s"));
}
