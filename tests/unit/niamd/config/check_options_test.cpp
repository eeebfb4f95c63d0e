// Per-check options on PING, HTTP and SCRIPT: interval, timeout, retries, recover, flap_changes.
#include <catch2/catch.hpp>

#include <string>

#include "config/config_parser.hpp"

using niamd::config::CheckKind;
using niamd::config::parse_config;

TEST_CASE("config: check options follow PING and HTTP and come before the SCRIPT name") {
    const auto parsed = parse_config(
        "PING db PORT 5432 interval=10 timeout=3 retries=2 recover=2 flap_changes=6\n"
        "HTTP https://x.example/health?a=b retries=1\n"
        "HTTP www PORT 8080 RECOVER=3\n"
        "SCRIPT interval=300 check_disk -w 20% retries=9\n"
        "SCRIPT check_load -w 5\n",
        "conf/web1");
    CHECK(parsed.problems.empty());
    REQUIRE(parsed.config.checks.size() == 5);
    const auto& ping = parsed.config.checks[0];
    CHECK(ping.interval == 10);
    CHECK(ping.timeout == 3);
    CHECK(ping.retries == 2);
    CHECK(ping.recover == 2);
    CHECK(ping.flap_changes == 6);
    CHECK(parsed.config.checks[1].url == "https://x.example/health?a=b");
    CHECK(parsed.config.checks[1].retries == 1);
    CHECK(parsed.config.checks[1].interval == 0);
    CHECK(parsed.config.checks[2].recover == 3);
    const auto& script = parsed.config.checks[3];
    CHECK(script.kind == CheckKind::Script);
    CHECK(script.script == "check_disk");
    CHECK(script.interval == 300);
    CHECK(script.retries == 0);  // after the name: the plugin's argument
    CHECK(script.args == std::vector<std::string>{"-w", "20%", "retries=9"});
    CHECK(parsed.config.checks[4].interval == 0);
}

TEST_CASE("config: a bad check option names the line and the key and drops the check") {
    const auto parsed = parse_config(
        "PING db PORT 5432 color=red\n"
        "PING db PORT 5432 retries=101\n"
        "HTTP www PORT 80 interval=0\n"
        "SCRIPT timeout=x check_disk\n"
        "PING db PORT 5432 retries\n"
        "SCRIPT interval=5\n",
        "conf/web1");
    CHECK(parsed.config.checks.empty());
    REQUIRE(parsed.problems.size() == 6);
    CHECK(parsed.problems[0].line == 1);
    CHECK(parsed.problems[0].message.find("PING option 'color' is unknown") != std::string::npos);
    CHECK(parsed.problems[1].line == 2);
    CHECK(parsed.problems[1].message.find("retries '101' must be a number 0-100") != std::string::npos);
    CHECK(parsed.problems[2].message.find("HTTP option interval '0' must be a number 1-86400") != std::string::npos);
    CHECK(parsed.problems[3].message.find("SCRIPT option timeout 'x'") != std::string::npos);
    CHECK(parsed.problems[4].message.find("must be key=value") != std::string::npos);
    CHECK(parsed.problems[5].message.find("SCRIPT needs") != std::string::npos);
    CHECK(parsed.problems[5].line == 6);
}

TEST_CASE("config: HTTP takes the endpoint-test options") {
    const auto parsed = parse_config(
        "HTTP https://api.example/health expect_status=200-204,301 body_contains=green body_not_contains=error "
        "body_regex=^v[0-9]+$ max_redirects=3 warn_ms=300 crit_ms=900 method=HEAD hostname=www.example "
        "header=X-Probe:niam accept_redirection=false retries=2\n",
        "conf/web1");
    INFO((parsed.problems.empty() ? std::string() : parsed.problems[0].message));
    CHECK(parsed.problems.empty());
    REQUIRE(parsed.config.checks.size() == 1);
    const auto& http = parsed.config.checks[0].http;
    CHECK(http.expect_status == std::vector<std::pair<int, int>>{{200, 204}, {301, 301}});
    CHECK(http.body_contains == "green");
    CHECK(http.body_not_contains == "error");
    CHECK(http.body_regex == "^v[0-9]+$");
    CHECK(http.max_redirects == 3);
    CHECK(http.warn_ms == 300);
    CHECK(http.crit_ms == 900);
    CHECK(http.method == "HEAD");
    CHECK(http.hostname == "www.example");
    CHECK(http.headers == std::vector<std::string>{"X-Probe: niam"});
    CHECK_FALSE(http.accept_redirection);
    CHECK(parsed.config.checks[0].retries == 2);
}

TEST_CASE("config: a bad HTTP endpoint option names the key and never echoes a header") {
    const auto parsed = parse_config(
        "HTTP www PORT 80 expect_status=200-99\n"
        "HTTP www PORT 80 body_regex=v(1\n"
        "HTTP www PORT 80 method=get\n"
        "HTTP www PORT 80 header=Authorization\n"
        "HTTP www PORT 80 warn_ms=0\n"
        "PING db PORT 5432 body_contains=x\n",
        "conf/web1");
    CHECK(parsed.config.checks.empty());
    REQUIRE(parsed.problems.size() == 6);
    CHECK(parsed.problems[0].message.find("HTTP option expect_status must be codes") != std::string::npos);
    CHECK(parsed.problems[1].message.find("HTTP option body_regex is not a POSIX extended") != std::string::npos);
    CHECK(parsed.problems[2].message.find("HTTP option method must be an upper-case") != std::string::npos);
    CHECK(parsed.problems[3].message.find("HTTP option header must be Name:value") != std::string::npos);
    CHECK(parsed.problems[3].message.find("Authorization") == std::string::npos);
    CHECK(parsed.problems[4].message.find("HTTP option warn_ms must be a number of milliseconds") != std::string::npos);
    CHECK(parsed.problems[5].message.find("PING option 'body_contains' is unknown") != std::string::npos);
}
