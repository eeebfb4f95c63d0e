// SPOOL_MAX_MB: the client's outbox bound, 64 MiB by default.
#include <catch2/catch.hpp>

#include "config/config_parser.hpp"

using niamd::config::parse_config;

TEST_CASE("config: SPOOL_MAX_MB bounds the client's outbox and is 64 by default", "[config]") {
    CHECK(parse_config("INTERVAL 30\n", "conf/web1").config.spool_max_mb == 64);
    const auto parsed = parse_config("SPOOL_MAX_MB 8\n", "conf/web1");
    CHECK(parsed.problems.empty());
    CHECK(parsed.config.spool_max_mb == 8);
    for (const char* bad : {"SPOOL_MAX_MB 0", "SPOOL_MAX_MB lots", "SPOOL_MAX_MB 1 2", "SPOOL_MAX_MB 1048577"}) {
        INFO(bad);
        const auto refused = parse_config(bad, "conf/web1");
        REQUIRE(refused.problems.size() == 1);
        CHECK(refused.problems[0].describe() ==
              "conf/web1:1: SPOOL_MAX_MB needs 'SPOOL_MAX_MB megabytes' with megabytes 1-1048576");
        CHECK(refused.config.spool_max_mb == 64);
    }
    const auto twice = parse_config("SPOOL_MAX_MB 8\nSPOOL_MAX_MB 16\n", "conf/web1");
    CHECK(twice.config.spool_max_mb == 16);
    REQUIRE(twice.problems.size() == 1);
    CHECK(twice.problems[0].describe() == "conf/web1:2: SPOOL_MAX_MB repeated (first on line 1); the last one applies");
}
