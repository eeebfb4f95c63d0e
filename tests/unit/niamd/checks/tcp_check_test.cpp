// TcpCheck against real sockets on 127.0.0.1 without a TLS server: plain connects, a closed
// port, an empty target, and a TLS handshake that the listener never answers. (Its TLS
// verdicts against nginx: tests/integration/tls_checks_test.cpp.)
#include <catch2/catch.hpp>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

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

TEST_CASE("tcp check: a server that answers TLS with plain text fails the handshake", "[checks][tls]") {
    const int server = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(server, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(::listen(server, 4) == 0);
    socklen_t size = sizeof address;
    ::getsockname(server, reinterpret_cast<sockaddr*>(&address), &size);
    std::thread answer([server] {
        const int client = ::accept(server, nullptr, nullptr);
        if (client < 0) return;
        const char banner[] = "SSH-2.0-OpenSSH_9.2\r\n";
        (void)!::write(client, banner, sizeof banner - 1);
        ::shutdown(client, SHUT_WR);
        char ignored[4096];
        while (::read(client, ignored, sizeof ignored) > 0) {
        }
        ::close(client);
    });
    const auto outcome = TcpCheck(options_for("127.0.0.1", ntohs(address.sin_port), true)).run(2000ms);
    answer.join();
    ::close(server);
    CHECK_FALSE(outcome.ok);
    CHECK(outcome.nagios_code == 2);
    CHECK_THAT(outcome.output, Catch::StartsWith("TLS handshake failed: "));
}
