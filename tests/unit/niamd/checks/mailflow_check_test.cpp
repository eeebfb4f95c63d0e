// The mail-flow token lists and the mailflow check with an injected clock; the escaping of
// what the protocol checks saw.
#include <catch2/catch.hpp>

#include "checks/answer_text.hpp"
#include "checks/mailflow_check.hpp"
#include "checks/mailflow_tokens.hpp"
#include "niamd/checks/check_fixtures.hpp"

using namespace std::chrono_literals;
using niamd::checks::MailflowCheck;
using niamd::checks::MailflowOptions;
using niamd::checks::MailflowTokens;
using niamd::checks::WallClock;

namespace {
const WallClock::time_point kT0 = WallClock::time_point(std::chrono::seconds(1'800'000'000));
}

TEST_CASE("probes: answers are escaped and cut at 80 bytes", "[checks][probes]") {
    CHECK(niamd::checks::escaped_answer("220 ok\r\n\x01\xff\\") == "220 ok\\r\\n\\x01\\xff\\\\");
    CHECK(niamd::checks::escaped_answer(std::string(100, 'a')) == std::string(80, 'a') + "...");
}

TEST_CASE("probes: tokens carry their id and are found in text", "[checks][probes]") {
    const std::string token = niamd::checks::make_mailflow_token("mx.1");
    CHECK_THAT(token, Catch::Matches("niam-mailflow-mx\\.1-[0-9a-f]{16}"));
    CHECK(niamd::checks::mailflow_token_id(token) == "mx.1");
    CHECK(niamd::checks::mailflow_token_id("niam-mailflow-x-123") == "");
    const auto found = niamd::checks::find_mailflow_tokens("Subject: " + token + " and niam-mailflow-bad and " + token);
    REQUIRE(found.size() == 1);
    CHECK(found[0] == token);
}

TEST_CASE("probes: a token list keeps at most 1000 tokens and counts the dropped", "[checks][probes]") {
    check_test::TempDir state;
    MailflowTokens list(state.path(), "box1");
    std::string error;
    for (int i = 0; i < 1003; ++i) {
        char hex[17];
        std::snprintf(hex, sizeof hex, "%016x", i);
        REQUIRE(list.add({std::string("niam-mailflow-box1-") + hex, kT0 + std::chrono::seconds(i)}, error));
    }
    const auto tokens = list.list();
    REQUIRE(tokens.size() == 1000);
    CHECK(tokens.front().token == "niam-mailflow-box1-0000000000000003");
    CHECK(tokens.front().sent == kT0 + 3s);
    CHECK(list.dropped() == 3);
    CHECK(list.remove({tokens.front().token, "niam-mailflow-box1-ffffffffffffffff"}, error) == 1);
    CHECK(list.list().size() == 999);
}

TEST_CASE("probes: a damaged token file loses only its bad lines", "[checks][probes]") {
    check_test::TempDir state;
    state.write("mailflow-box1.tokens",
                "dropped 2\ngarbage\nniam-mailflow-box1-0123456789abcdef 1800000000\n\x01\x02\n", 0600);
    const MailflowTokens list(state.path(), "box1");
    REQUIRE(list.list().size() == 1);
    CHECK(list.dropped() == 2);
}

TEST_CASE("probes: mailflow is CRITICAL once a token is older than seconds", "[checks][probes]") {
    check_test::TempDir state;
    std::string error;
    REQUIRE(MailflowTokens(state.path(), "box1").add({"niam-mailflow-box1-0123456789abcdef", kT0}, error));
    WallClock::time_point now = kT0 + 60s;
    MailflowOptions options;
    options.id = "box1";
    options.seconds = 300;
    options.state_dir = state.path();
    MailflowCheck check(options, [&] { return now; });
    auto outcome = check.run(1000ms);
    CHECK(outcome.ok);
    CHECK(outcome.output == "MAILFLOW 1 mail(s) of box1 on the way, oldest 60 s");
    now = kT0 + 301s;
    outcome = check.run(1000ms);
    CHECK_FALSE(outcome.ok);
    CHECK(outcome.nagios_code == 2);
    CHECK(outcome.output == "MAILFLOW 1 mail(s) of box1 not seen within 300 s (oldest sent 301 s ago)");
}

TEST_CASE("probes: mailflow with no list is OK and a bad id UNKNOWN", "[checks][probes]") {
    check_test::TempDir state;
    MailflowOptions options;
    options.id = "box1";
    options.seconds = 300;
    options.state_dir = state.path();
    CHECK(MailflowCheck(options).run(1000ms).output == "MAILFLOW 0 mail(s) of box1 on the way");
    options.id = "../etc";
    const auto bad = MailflowCheck(options).run(1000ms);
    CHECK(bad.nagios_code == 3);
    options.id = "box1";
    options.seconds = 0;
    CHECK(MailflowCheck(options).run(1000ms).nagios_code == 3);
}
