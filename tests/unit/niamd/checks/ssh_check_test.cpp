// SshCheck against scripted loopback servers: banners, lines before the identification,
// a wrong protocol, a non-SSH server, closing and silence.
#include <catch2/catch.hpp>

#include "checks/ssh_check.hpp"
#include "niamd/checks/check_fixtures.hpp"
#include "niamd/checks/scripted_server.hpp"

using namespace std::chrono_literals;
using namespace check_test;
using niamd::checks::SshCheck;
using niamd::checks::SshOptions;

namespace {
niamd::checks::CheckOutcome ssh_against(int port, std::chrono::milliseconds timeout = 2000ms) {
    SshOptions options;
    options.target = "127.0.0.1";
    options.port = port;
    return SshCheck(options).run(timeout);
}
}  // namespace

TEST_CASE("probes: ssh reports the software version of the identification line", "[checks][probes]") {
    ScriptedServer server({send("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n"), expect("SSH-2.0-")});
    const auto outcome = ssh_against(server.port());
    CHECK(outcome.ok);
    CHECK(outcome.nagios_code == 0);
    CHECK(outcome.output == "SSH SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3");
}

TEST_CASE("probes: ssh skips the lines a server may send before its identification", "[checks][probes]") {
    ScriptedServer server({send("Welcome\r\nauthorised use only\r\nSSH-1.99-Legacy_1.0\r\n")});
    const auto outcome = ssh_against(server.port());
    CHECK(outcome.ok);
    CHECK(outcome.output == "SSH SSH-1.99-Legacy_1.0");
}

TEST_CASE("probes: ssh protocol 1 only is a WARNING", "[checks][probes]") {
    ScriptedServer server({send("SSH-1.5-Old\r\n")});
    const auto outcome = ssh_against(server.port());
    CHECK_FALSE(outcome.ok);
    CHECK(outcome.nagios_code == 1);
    CHECK(outcome.output == "SSH unexpected protocol version: SSH-1.5-Old");
}

TEST_CASE("probes: ssh against an SMTP server is a WARNING showing the banner escaped", "[checks][probes]") {
    std::vector<Step> steps;
    std::string lines;
    for (int i = 0; i < 30; ++i) lines += "220 mail.example ESMTP\x01\r\n";
    ScriptedServer server({send(lines), silent()});
    const auto outcome = ssh_against(server.port());
    CHECK(outcome.nagios_code == 1);
    CHECK(outcome.output == "SSH unexpected banner (no SSH identification): 220 mail.example ESMTP\\x01");
}

TEST_CASE("probes: ssh closed before the identification is CRITICAL", "[checks][probes]") {
    ScriptedServer server({close_connection()});
    const auto outcome = ssh_against(server.port());
    CHECK(outcome.nagios_code == 2);
    CHECK(outcome.output == "SSH identification: connection closed by the server");
}

TEST_CASE("probes: ssh silence is CRITICAL at the timeout", "[checks][probes]") {
    ScriptedServer server({silent()});
    const auto outcome = ssh_against(server.port(), 300ms);
    CHECK(outcome.nagios_code == 2);
    CHECK(outcome.output == "SSH identification: timed out after 300 ms");
    CHECK(outcome.latency_ms >= 250);
}

TEST_CASE("probes: ssh refused is CRITICAL and an empty target UNKNOWN", "[checks][probes]") {
    ClosedPort closed;
    const auto refused = ssh_against(closed.port());
    CHECK(refused.nagios_code == 2);
    CHECK(refused.output == "SSH connect refused");
    SshOptions options;
    const auto unresolved = SshCheck(options).run(500ms);
    CHECK(unresolved.nagios_code == 3);
}
