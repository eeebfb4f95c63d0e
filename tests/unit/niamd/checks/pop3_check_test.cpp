// Pop3Check against scripted loopback servers: greeting and QUIT, a login that finds a token
// and deletes its message, a refused login, wrong answers, closing and silence.
#include <catch2/catch.hpp>

#include "checks/mailflow_tokens.hpp"
#include "checks/pop3_check.hpp"
#include "niamd/checks/check_fixtures.hpp"
#include "niamd/checks/scripted_server.hpp"

using namespace std::chrono_literals;
using namespace check_test;
using niamd::checks::MailflowTokens;
using niamd::checks::Pop3Check;
using niamd::checks::Pop3Options;

namespace {
Pop3Options pop3_to(int port) {
    Pop3Options options;
    options.target = "127.0.0.1";
    options.port = port;
    return options;
}
const std::string kToken = "niam-mailflow-box1-0123456789abcdef";
}  // namespace

TEST_CASE("probes: pop3 greeting and QUIT are OK", "[checks][probes]") {
    ScriptedServer server({send("+OK Dovecot ready.\r\n"), expect("QUIT"), send("+OK Logging out.\r\n")});
    const auto outcome = Pop3Check(pop3_to(server.port())).run(2000ms);
    CHECK(server.mismatch().empty());
    CHECK(outcome.ok);
    CHECK(outcome.output == "POP3 +OK Dovecot ready.");
}

TEST_CASE("probes: pop3 an -ERR greeting or answer is a WARNING", "[checks][probes]") {
    {
        ScriptedServer server({send("-ERR busy\r\n"), silent()});
        const auto outcome = Pop3Check(pop3_to(server.port())).run(2000ms);
        CHECK(outcome.nagios_code == 1);
        CHECK(outcome.output == "POP3 unexpected greeting: -ERR busy");
    }
    {
        ScriptedServer server({send("+OK hi\r\n"), expect("QUIT"), send("* BYE\r\n")});
        const auto outcome = Pop3Check(pop3_to(server.port())).run(2000ms);
        CHECK(outcome.nagios_code == 1);
        CHECK(outcome.output == "POP3 unexpected QUIT answer: * BYE");
    }
}

TEST_CASE("probes: pop3 closed mid-dialogue and silence are CRITICAL", "[checks][probes]") {
    {
        ScriptedServer server({send("+OK hi\r\n"), expect("QUIT"), close_connection()});
        const auto outcome = Pop3Check(pop3_to(server.port())).run(2000ms);
        CHECK(outcome.nagios_code == 2);
        CHECK(outcome.output == "POP3 QUIT answer: connection closed by the server");
    }
    {
        ScriptedServer server({silent()});
        const auto outcome = Pop3Check(pop3_to(server.port())).run(300ms);
        CHECK(outcome.nagios_code == 2);
        CHECK(outcome.output == "POP3 greeting: timed out after 300 ms");
    }
}

TEST_CASE("probes: pop3 with a login finds a token removes it and deletes its message", "[checks][probes]") {
    TempDir state;
    std::string error;
    MailflowTokens list(state.path(), "box1");
    REQUIRE(list.add({kToken, std::chrono::system_clock::now()}, error));
    ScriptedServer server({send("+OK ready\r\n"), expect("USER probe"), send("+OK\r\n"), expect("PASS hunter2"),
                           send("+OK Logged in.\r\n"), expect("STAT"), send("+OK 2 900\r\n"), expect("TOP 1 0"),
                           send("+OK\r\nSubject: hello\r\n\r\n.\r\n"), expect("TOP 2 0"),
                           send("+OK\r\nFrom: x\r\nSubject: " + kToken + "\r\n..dot\r\n\r\n.\r\n"), expect("DELE 2"),
                           send("+OK Marked to be deleted.\r\n"), expect("QUIT"), send("+OK Logging out.\r\n")});
    Pop3Options options = pop3_to(server.port());
    options.username = "probe";
    options.password = "hunter2";
    options.state_dir = state.path();
    const auto outcome = Pop3Check(options).run(2000ms);
    CHECK(server.mismatch().empty());
    CHECK(outcome.ok);
    CHECK(outcome.output == "POP3 +OK ready; logged in, 1 token(s) found (1 on a list), 1 mail(s) deleted");
    CHECK(list.list().empty());
}

TEST_CASE("probes: pop3 a refused password is CRITICAL without the password", "[checks][probes]") {
    ScriptedServer server({send("+OK ready\r\n"), expect("USER"), send("+OK\r\n"), expect("PASS"),
                           send("-ERR [AUTH] Authentication failed.\r\n"), silent()});
    Pop3Options options = pop3_to(server.port());
    options.username = "probe";
    options.password = "hunter2";
    const auto outcome = Pop3Check(options).run(2000ms);
    CHECK(outcome.nagios_code == 2);
    CHECK(outcome.output == "POP3 login refused: -ERR [AUTH] Authentication failed.");
}

TEST_CASE("probes: pop3 with starttls sends STLS before USER", "[checks][probes]") {
    ScriptedServer server({send("+OK ready\r\n"), expect("STLS"), send("+OK Begin TLS negotiation\r\n"), silent()});
    Pop3Options options = pop3_to(server.port());
    options.starttls = true;
    options.username = "probe";
    options.password = "hunter2";
    const auto outcome = Pop3Check(options).run(2000ms);
    CHECK(server.mismatch().empty());
    CHECK_FALSE(outcome.ok);
    CHECK(outcome.output.rfind("POP3 ", 0) == 0);
    CHECK(outcome.output.find("hunter2") == std::string::npos);
}

TEST_CASE("probes: pop3 without TOP reads the messages with RETR", "[checks][probes]") {
    TempDir state;
    std::string error;
    MailflowTokens list(state.path(), "box1");
    REQUIRE(list.add({kToken, std::chrono::system_clock::now()}, error));
    ScriptedServer server({send("+OK ready\r\n"), expect("USER"), send("+OK\r\n"), expect("PASS"), send("+OK\r\n"),
                           expect("STAT"), send("+OK 1 300\r\n"), expect("TOP 1 0"), send("-ERR unknown command\r\n"),
                           expect("RETR 1"), send("+OK\r\nSubject: " + kToken + "\r\n\r\nbody\r\n.\r\n"),
                           expect("DELE 1"), send("+OK\r\n"), expect("QUIT"), send("+OK bye\r\n")});
    Pop3Options options = pop3_to(server.port());
    options.username = "probe";
    options.password = "hunter2";
    options.state_dir = state.path();
    const auto outcome = Pop3Check(options).run(2000ms);
    CHECK(server.mismatch().empty());
    CHECK(outcome.ok);
    CHECK(list.list().empty());
}
