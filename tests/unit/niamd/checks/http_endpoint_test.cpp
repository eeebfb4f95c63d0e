// Endpoint tests: judge_http_answer on answers made by the test, and HttpCheck against a
// cpp-httplib server on 127.0.0.1 with each key (method, headers, Host, redirects, status
// lists, body checks, response time limits).
#include <catch2/catch.hpp>

#include "checks/body_pattern.hpp"
#include "checks/check_factory.hpp"
#include "config/config_parser.hpp"
#include "checks/http_check.hpp"
#include "checks/http_endpoint.hpp"
#include "niamd/checks/check_fixtures.hpp"

using namespace std::chrono_literals;
using niamd::checks::BodyPattern;
using niamd::checks::HttpAnswer;
using niamd::checks::HttpCheck;
using niamd::checks::HttpEndpoint;
using niamd::checks::HttpStatusRange;
using niamd::checks::judge_http_answer;

namespace {

HttpAnswer answer(long status, std::string body, double total_ms = 12) {
    HttpAnswer a;
    a.status = status;
    a.body_bytes = body.size();
    a.body = std::move(body);
    a.timings.dns_ms = 1;
    a.timings.connect_ms = 2;
    a.timings.tls_ms = 0;
    a.timings.first_byte_ms = 5;
    a.timings.total_ms = total_ms;
    return a;
}

HttpStatusRange range(int low, int high) {
    HttpStatusRange r;
    r.low = low;
    r.high = high;
    return r;
}

}  // namespace

TEST_CASE("http endpoint: the default accepts 2xx and 3xx, or only 2xx without accept_redirection", "[checks]") {
    HttpEndpoint endpoint;
    CHECK(judge_http_answer(answer(200, ""), endpoint).nagios_code == 0);
    CHECK(judge_http_answer(answer(302, ""), endpoint).nagios_code == 0);
    CHECK(judge_http_answer(answer(404, ""), endpoint).nagios_code == 2);
    endpoint.accept_redirection = false;
    const auto moved = judge_http_answer(answer(302, ""), endpoint);
    CHECK(moved.nagios_code == 2);
    CHECK(moved.output == "HTTP 302 in 12 ms, 0 bytes, expected 200-299");
}

TEST_CASE("http endpoint: expect_status lists and ranges", "[checks]") {
    HttpEndpoint endpoint;
    endpoint.expect_status = {range(200, 204), range(401, 401)};
    CHECK(judge_http_answer(answer(204, ""), endpoint).ok);
    CHECK(judge_http_answer(answer(401, ""), endpoint).ok);
    const auto other = judge_http_answer(answer(205, ""), endpoint);
    CHECK_FALSE(other.ok);
    CHECK(other.nagios_code == 2);
    CHECK_THAT(other.output, Catch::EndsWith("expected 200-204,401"));
}

TEST_CASE("http endpoint: body_contains body_not_contains and body_regex are CRITICAL when unmet", "[checks]") {
    HttpEndpoint endpoint;
    endpoint.body_contains = "green";
    endpoint.body_not_contains = "error";
    endpoint.body_regex = BodyPattern::compile("version v[0-9]+$");
    CHECK(judge_http_answer(answer(200, "status: green\nversion v42"), endpoint).nagios_code == 0);
    const auto red = judge_http_answer(answer(200, "status: red, error 7\nversion vX"), endpoint);
    CHECK(red.nagios_code == 2);
    CHECK_THAT(red.output, Catch::Contains("body does not contain 'green'"));
    CHECK_THAT(red.output, Catch::Contains("body contains 'error'"));
    CHECK_THAT(red.output, Catch::Contains("body does not match 'version v[0-9]+$'"));
    // A body with a NUL byte before the text is still searched to its end.
    // ^ and $ match at line ends, as grep -E.
    endpoint.body_regex = BodyPattern::compile("^version v[0-9]+$");
    CHECK(judge_http_answer(answer(200, "status: green\nversion v42\nend"), endpoint).ok);
    endpoint.body_regex = BodyPattern::compile("green version v[0-9]+$");
    CHECK(judge_http_answer(answer(200, std::string("\0status: green version v1", 25)), endpoint).ok);
}

TEST_CASE("http endpoint: a cut body says where it was searched", "[checks]") {
    HttpEndpoint endpoint;
    endpoint.body_contains = "needle";
    auto big = answer(200, std::string(100, 'x'));
    big.body_bytes = 1024 * 1024;
    big.body_cut = true;
    const auto outcome = judge_http_answer(big, endpoint);
    CHECK(outcome.nagios_code == 2);
    CHECK_THAT(outcome.output, Catch::Contains("1048576+ bytes"));
    CHECK_THAT(outcome.output, Catch::Contains("body does not contain 'needle' in its first 100 bytes"));
}

TEST_CASE("http endpoint: warn_ms is WARNING and crit_ms CRITICAL on the total time", "[checks]") {
    HttpEndpoint endpoint;
    endpoint.warn_ms = 100;
    endpoint.crit_ms = 500;
    CHECK(judge_http_answer(answer(200, "", 100), endpoint).nagios_code == 0);
    const auto slow = judge_http_answer(answer(200, "", 101), endpoint);
    CHECK(slow.nagios_code == 1);
    CHECK_FALSE(slow.ok);
    CHECK_THAT(slow.output, Catch::EndsWith("slower than warn_ms 100"));
    CHECK(judge_http_answer(answer(200, "", 501), endpoint).nagios_code == 2);
    // A wrong status is CRITICAL even when the time is only a warning.
    CHECK(judge_http_answer(answer(500, "", 200), endpoint).nagios_code == 2);
}

TEST_CASE("http endpoint: perfdata gives the phases size and status", "[checks]") {
    HttpEndpoint endpoint;
    endpoint.warn_ms = 100;
    const auto outcome = judge_http_answer(answer(200, "hello"), endpoint);
    CHECK(outcome.perfdata ==
          "time=12.000ms;100;;0 dns=1.000ms;;;0 connect=2.000ms;;;0 tls=0.000ms;;;0 firstbyte=5.000ms;;;0 "
          "size=5B;;;0 status=200");
}

TEST_CASE("http endpoint: a bad body_regex is refused with the reason", "[checks]") {
    std::string why;
    CHECK_FALSE(BodyPattern::compile("v(1", &why));
    CHECK_FALSE(why.empty());
    CHECK_FALSE(BodyPattern::compile(std::string(1025, 'a'), &why));
    CHECK(why == "longer than 1024 bytes");
    CHECK_FALSE(BodyPattern::compile("", &why));
}

TEST_CASE("http endpoint: HttpCheck finds the body text and reports the phases", "[checks]") {
    check_test::CheckedServer server;
    HttpEndpoint endpoint;
    endpoint.body_contains = "green";
    endpoint.body_regex = BodyPattern::compile("^version v[0-9]+");
    const auto outcome = HttpCheck(server.url("/page"), endpoint).run(3000ms);
    INFO(outcome.output);
    CHECK(outcome.nagios_code == 0);
    CHECK_THAT(outcome.output, Catch::Matches("HTTP 200 in [0-9]+ ms, 26 bytes"));
    CHECK_THAT(outcome.perfdata, Catch::Matches("time=[0-9.]+ms;;;0 dns=[0-9.]+ms;;;0 connect=[0-9.]+ms;;;0 "
                                                "tls=0.000ms;;;0 firstbyte=[0-9.]+ms;;;0 size=26B;;;0 status=200"));
    endpoint.body_contains = "red";
    CHECK(HttpCheck(server.url("/page"), endpoint).run(3000ms).nagios_code == 2);
}

TEST_CASE("http endpoint: HttpCheck follows redirects only up to max_redirects", "[checks]") {
    check_test::CheckedServer server;
    HttpEndpoint endpoint;
    const auto not_followed = HttpCheck(server.url("/hop1"), endpoint).run(3000ms);
    CHECK_THAT(not_followed.output, Catch::StartsWith("HTTP 301 in "));
    endpoint.max_redirects = 2;
    endpoint.body_contains = "v42";
    const auto followed = HttpCheck(server.url("/hop1"), endpoint).run(3000ms);
    INFO(followed.output);
    CHECK(followed.nagios_code == 0);
    CHECK_THAT(followed.output, Catch::Contains("HTTP 200 in "));
    CHECK_THAT(followed.output, Catch::Contains("2 redirect(s) followed"));
    endpoint.max_redirects = 1;
    const auto too_many = HttpCheck(server.url("/hop1"), endpoint).run(3000ms);
    INFO(too_many.output);
    CHECK(too_many.nagios_code == 2);
    CHECK_THAT(too_many.output, Catch::Contains("redirects"));
}

TEST_CASE("http endpoint: HttpCheck sends the method the Host and the headers", "[checks]") {
    check_test::CheckedServer server;
    HttpEndpoint endpoint;
    endpoint.method = "POST";
    endpoint.host_header = "www.niam.example";
    endpoint.headers = {"X-Niam: probe-7"};
    endpoint.body_contains = "POST host=www.niam.example x-niam=probe-7";
    const auto posted = HttpCheck(server.url("/echo"), endpoint).run(3000ms);
    INFO(posted.output);
    CHECK(posted.nagios_code == 0);
    endpoint.method = "DELETE";
    endpoint.body_contains = "DELETE host=";
    CHECK(HttpCheck(server.url("/echo"), endpoint).run(3000ms).nagios_code == 0);
    endpoint.method = "HEAD";
    endpoint.body_contains.clear();
    const auto head = HttpCheck(server.url("/page"), endpoint).run(3000ms);
    INFO(head.output);
    CHECK(head.nagios_code == 0);
    CHECK_THAT(head.output, Catch::Contains(", 0 bytes"));  // HEAD reads no body
}

TEST_CASE("http endpoint: HttpCheck past crit_ms is CRITICAL", "[checks]") {
    check_test::CheckedServer server;
    HttpEndpoint endpoint;
    endpoint.warn_ms = 1;
    endpoint.crit_ms = 100;  // /slow answers after 150 ms: always past it
    const auto outcome = HttpCheck(server.url("/slow"), endpoint).run(3000ms);
    INFO(outcome.output);
    CHECK(outcome.nagios_code == 2);
    CHECK_THAT(outcome.output, Catch::EndsWith("slower than crit_ms 100"));
    endpoint.crit_ms = 60000;
    CHECK(HttpCheck(server.url("/slow"), endpoint).run(3000ms).nagios_code == 1);  // past warn_ms 1
}

TEST_CASE("http endpoint: the S3 config's HTTP options make the same endpoint test", "[checks]") {
    check_test::CheckedServer server;
    const auto parsed = niamd::config::parse_config("HTTP " + server.url("/hop1") +
                                                        " max_redirects=2 body_contains=green expect_status=200\n"
                                                        "HTTP " +
                                                        server.url("/page") + " body_regex=^version[[:space:]]v7$\n",
                                                    "conf/web1");
    REQUIRE(parsed.problems.empty());
    REQUIRE(parsed.config.checks.size() == 2);
    const auto followed = niamd::checks::make_check(parsed.config.checks[0], {})->run(3000ms);
    INFO(followed.output);
    CHECK(followed.nagios_code == 0);
    CHECK_THAT(followed.output, Catch::Contains("2 redirect(s) followed"));
    const auto unmatched = niamd::checks::make_check(parsed.config.checks[1], {})->run(3000ms);
    CHECK(unmatched.nagios_code == 2);
    CHECK_THAT(unmatched.output, Catch::Contains("body does not match"));
}
