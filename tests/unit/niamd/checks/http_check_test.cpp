// HttpCheck against a cpp-httplib server on 127.0.0.1: 200, a 302 that is not followed,
// 500, a body larger than the check reads, an answer that comes too late, a closed port.
#include <catch2/catch.hpp>

#include "checks/http_check.hpp"
#include "niamd/checks/check_fixtures.hpp"

using namespace std::chrono_literals;
using niamd::checks::HttpCheck;

TEST_CASE("http check: 200 is OK with status and time", "[checks]") {
    check_test::CheckedServer server;
    const auto outcome = HttpCheck(server.url("/ok")).run(3000ms);
    CHECK(outcome.ok);
    CHECK(outcome.nagios_code == 0);
    CHECK_THAT(outcome.output, Catch::Matches("HTTP 200 in [0-9]+ ms, 4 bytes"));
    CHECK(outcome.latency_ms < 3000);
}

TEST_CASE("http check: 302 is OK and the redirect is not followed", "[checks]") {
    check_test::CheckedServer server;
    const auto outcome = HttpCheck(server.url("/moved")).run(3000ms);
    CHECK(outcome.ok);
    CHECK_THAT(outcome.output, Catch::StartsWith("HTTP 302 in "));  // 200 had it been followed
}

TEST_CASE("http check: 500 and 404 are CRITICAL with the status", "[checks]") {
    check_test::CheckedServer server;
    const auto broken = HttpCheck(server.url("/broken")).run(3000ms);
    CHECK_FALSE(broken.ok);
    CHECK(broken.nagios_code == 2);
    CHECK_THAT(broken.output, Catch::StartsWith("HTTP 500 in "));
    const auto missing = HttpCheck(server.url("/nothing-here")).run(3000ms);
    CHECK_FALSE(missing.ok);
    CHECK_THAT(missing.output, Catch::StartsWith("HTTP 404 in "));
}

TEST_CASE("http check: a body larger than the check reads still counts by its status", "[checks]") {
    check_test::CheckedServer server;
    const auto outcome = HttpCheck(server.url("/big")).run(5000ms);
    INFO(outcome.output);
    CHECK(outcome.ok);
    CHECK_THAT(outcome.output, Catch::StartsWith("HTTP 200 in "));
}

TEST_CASE("http check: an answer slower than the timeout is CRITICAL 'timed out'", "[checks]") {
    check_test::CheckedServer server;
    const auto start = std::chrono::steady_clock::now();
    const auto outcome = HttpCheck(server.url("/hang")).run(500ms);
    const double elapsed = check_test::seconds_since(start);
    CHECK_FALSE(outcome.ok);
    CHECK(outcome.nagios_code == 2);
    CHECK(outcome.output == "timed out after 500 ms");
    CHECK(elapsed >= 0.45);
    CHECK(elapsed < 2.5);
}

TEST_CASE("http check: a closed port is 'connect refused', the URL's query never shows", "[checks]") {
    check_test::ClosedPort closed;
    const std::string url = "http://127.0.0.1:" + std::to_string(closed.port()) + "/health?token=secret-token";
    const auto outcome = HttpCheck(url).run(2000ms);
    CHECK_FALSE(outcome.ok);
    CHECK(outcome.nagios_code == 2);
    CHECK(outcome.output == "connect refused");
    CHECK(outcome.output.find("secret-token") == std::string::npos);
}

TEST_CASE("http check: a URL curl cannot use fails cleanly", "[checks]") {
    const auto outcome = HttpCheck("ftp://127.0.0.1/").run(1000ms);  // only http and https are allowed
    CHECK_FALSE(outcome.ok);
    CHECK(outcome.nagios_code == 2);
    CHECK_THAT(outcome.output, Catch::StartsWith("HTTP request failed: "));
}
