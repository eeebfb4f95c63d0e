// TcpPing against real sockets on 127.0.0.1: an open port, a closed one, a listener whose
// backlog is full (connect hangs), IPv6 loopback and an empty target.
#include <catch2/catch.hpp>

#include "checks/tcp_ping.hpp"
#include "niamd/checks/check_fixtures.hpp"
#include "test_skip.hpp"

using namespace std::chrono_literals;
using niamd::checks::TcpPing;

TEST_CASE("tcp ping: an open loopback port is OK with its connect time", "[checks]") {
    check_test::TcpListener listener;
    const auto outcome = TcpPing("127.0.0.1", listener.port()).run(2000ms);
    CHECK(outcome.ok);
    CHECK(outcome.nagios_code == 0);
    CHECK(outcome.latency_ms >= 0);
    CHECK(outcome.latency_ms < 2000);
    CHECK_THAT(outcome.output, Catch::Matches("connected in [0-9]+ ms"));
}

TEST_CASE("tcp ping: a closed port is CRITICAL 'connect refused'", "[checks]") {
    check_test::ClosedPort closed;
    const auto outcome = TcpPing("127.0.0.1", closed.port()).run(2000ms);
    CHECK_FALSE(outcome.ok);
    CHECK(outcome.nagios_code == 2);
    CHECK(outcome.output == "connect refused");
}

TEST_CASE("tcp ping: a listener with a full backlog times out at the timeout", "[checks]") {
    check_test::TcpListener listener(/*fill_backlog=*/true);
    const auto start = std::chrono::steady_clock::now();
    const auto outcome = TcpPing("127.0.0.1", listener.port()).run(500ms);
    const double elapsed = check_test::seconds_since(start);
    CHECK_FALSE(outcome.ok);
    CHECK(outcome.nagios_code == 2);
    CHECK(outcome.output == "timed out after 500 ms");
    CHECK(elapsed >= 0.45);
    CHECK(elapsed < 2.5);
}

TEST_CASE("tcp ping: a bracketed IPv6 loopback target is connected to", "[checks]") {
    // The same code path as IPv4; only the address family differs. Skipped without ::1.
    const int fd = ::socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in6 address{};
    address.sin6_family = AF_INET6;
    address.sin6_addr = in6addr_loopback;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || ::listen(fd, 4) != 0) {
        if (fd >= 0) ::close(fd);
        NIAM_SKIP("no IPv6 loopback here");
    }
    socklen_t size = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
    const auto outcome = TcpPing("[::1]", ntohs(address.sin6_port)).run(2000ms);
    ::close(fd);
    CHECK(outcome.ok);
}

TEST_CASE("tcp ping: an empty target fails without asking any resolver", "[checks]") {
    // (A real unresolvable name would send a DNS query off this host; tests stay on loopback.)
    const auto outcome = TcpPing("", 80).run(2000ms);
    CHECK_FALSE(outcome.ok);
    CHECK(outcome.nagios_code == 2);
    CHECK(outcome.output == "no host to resolve");
}
