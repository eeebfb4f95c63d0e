// LOG_MAX_LINE and LOG_RATE: read within their bounds, defaults when absent, a bad one named.
#include <catch2/catch.hpp>

#include "config/config_parser.hpp"
#include "only_problem.hpp"

using niamd::config::parse_config;

TEST_CASE("config: LOG_MAX_LINE and LOG_RATE apply, with defaults 16384 and 1000", "[config]") {
    const auto defaults = parse_config("", "conf/web1");
    CHECK(defaults.config.log_max_line == 16384);
    CHECK(defaults.config.log_rate == 1000);

    const auto parsed = parse_config("LOG_MAX_LINE 4096\nLOG_RATE 250\n", "conf/web1");
    REQUIRE(parsed.problems.empty());
    CHECK(parsed.config.log_max_line == 4096);
    CHECK(parsed.config.log_rate == 250);

    // The bounds themselves are allowed.
    const auto low = parse_config("LOG_MAX_LINE 1024\nLOG_RATE 1\n", "conf/web1");
    REQUIRE(low.problems.empty());
    CHECK(low.config.log_max_line == 1024);
    CHECK(low.config.log_rate == 1);
    const auto high = parse_config("log_max_line 262144\nLOG_RATE 1000000\n", "conf/web1");
    REQUIRE(high.problems.empty());
    CHECK(high.config.log_max_line == 262144);
    CHECK(high.config.log_rate == 1000000);
}

TEST_CASE("config: a bad LOG_MAX_LINE or LOG_RATE is named and the default stays", "[config]") {
    CHECK(only_client_problem("LOG_MAX_LINE 1023") ==
          "conf/web1:1: LOG_MAX_LINE needs 'LOG_MAX_LINE bytes' with a number 1024-262144, not '1023'");
    CHECK(only_client_problem("LOG_MAX_LINE 262145") ==
          "conf/web1:1: LOG_MAX_LINE needs 'LOG_MAX_LINE bytes' with a number 1024-262144, not '262145'");
    CHECK(only_client_problem("LOG_MAX_LINE") ==
          "conf/web1:1: LOG_MAX_LINE needs 'LOG_MAX_LINE bytes' with a number 1024-262144");
    CHECK(only_client_problem("LOG_MAX_LINE 16k") ==
          "conf/web1:1: LOG_MAX_LINE needs 'LOG_MAX_LINE bytes' with a number 1024-262144, not '16k'");
    CHECK(only_client_problem("LOG_RATE 0") ==
          "conf/web1:1: LOG_RATE needs 'LOG_RATE lines-per-second' with a number 1-1000000, not '0'");
    CHECK(only_client_problem("LOG_RATE -5") ==
          "conf/web1:1: LOG_RATE needs 'LOG_RATE lines-per-second' with a number 1-1000000, not '-5'");
    CHECK(only_client_problem("LOG_RATE 1000001") ==
          "conf/web1:1: LOG_RATE needs 'LOG_RATE lines-per-second' with a number 1-1000000, not '1000001'");
    CHECK(only_client_problem("LOG_RATE 99999999999999999999999") ==
          "conf/web1:1: LOG_RATE needs 'LOG_RATE lines-per-second' with a number 1-1000000, not "
          "'99999999999999999999999'");
    CHECK(only_client_problem("LOG_RATE 10 20") ==
          "conf/web1:1: LOG_RATE needs 'LOG_RATE lines-per-second' with a number 1-1000000");
    CHECK(only_client_problem("LOG_RATE 10\nLOG_RATE 20") ==
          "conf/web1:2: LOG_RATE repeated (first on line 1); the last one applies");
    CHECK(parse_config("LOG_RATE 10\nLOG_RATE 20\n", "conf/web1").config.log_rate == 20);
    // Nothing of a bad statement applies.
    const auto bad = parse_config("LOG_MAX_LINE 100\nLOG_RATE none\n", "conf/web1");
    CHECK(bad.problems.size() == 2);
    CHECK(bad.config.log_max_line == 16384);
    CHECK(bad.config.log_rate == 1000);
}
