// TcpCheck against real sockets on 127.0.0.1 without a TLS server: plain connects, a closed
// port, an empty target, and a TLS handshake that the listener never answers. (Its TLS
// verdicts against nginx: tests/integration/tls_checks_test.cpp.)
#include <catch2/catch.hpp>

#include "checks/tcp_check.hpp"
#include "niamd/checks/check_fixtures.hpp"

using namespace std::chrono_literals;
using niamd::checks::TcpCheck;
using niamd::checks::TcpCheckOptions;

namespace {

TcpCheckOptions options_for(const std::string& target, int port, bool tls) {
    TcpCheckOptions options;
    options.target = target;
    options.port = port;
    if (tls) options.tls = niamd::checks::TlsOptions{};
    return options;
}

}  // namespace

TEST_CASE("tcp check: an open port without TLS is OK with its connect time", "[checks]") {
    check_test::TcpListener listener;
    const auto outcome = TcpCheck(options_for("127.0.0.1", listener.port(), false)).run(2000ms);
    CHECK(outcome.ok);
    CHECK(outcome.nagios_code == 0);
    CHECK_THAT(outcome.output, Catch::Matches("connected in [0-9]+ ms"));
    CHECK(outcome.perfdata.empty());
}

TEST_CASE("tcp check: a closed port is CRITICAL and an empty target UNKNOWN", "[checks]") {
    check_test::ClosedPort closed;
    const auto refused = TcpCheck(options_for("127.0.0.1", closed.port(), true)).run(2000ms);
    CHECK_FALSE(refused.ok);
    CHECK(refused.nagios_code == 2);
    CHECK(refused.output == "connect refused");
    const auto nowhere = TcpCheck(options_for("", 443, true)).run(2000ms);
    CHECK(nowhere.nagios_code == 3);
    CHECK(nowhere.output == "no host to resolve");
}

TEST_CASE("tcp check: a TLS handshake the server never answers times out at the timeout", "[checks][tls]") {
    check_test::TcpListener listener;  // accepts in the kernel, never speaks
    const auto start = std::chrono::steady_clock::now();
    const auto outcome = TcpCheck(options_for("127.0.0.1", listener.port(), true)).run(500ms);
    const double elapsed = check_test::seconds_since(start);
    CHECK_FALSE(outcome.ok);
    CHECK(outcome.nagios_code == 2);
    CHECK(outcome.output == "TLS handshake timed out after 500 ms");
    CHECK(elapsed >= 0.45);
    CHECK(elapsed < 2.5);
}
