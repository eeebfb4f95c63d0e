// CLOUDWATCH_LOGS group-template [spool_mb=N]: what it sets and how a bad one is reported.
#include <catch2/catch.hpp>

#include "config/config_parser.hpp"

using niamd::config::parse_config;

TEST_CASE("config: CLOUDWATCH_LOGS sets the group template and the spool bound", "[config]") {
    CHECK_FALSE(parse_config("ROLE=client\n", "conf/web1").config.cloudwatch_logs.has_value());
    const auto plain = parse_config("CLOUDWATCH_LOGS /niam/{instance_id}\n", "conf/web1");
    CHECK(plain.problems.empty());
    REQUIRE(plain.config.cloudwatch_logs.has_value());
    CHECK(plain.config.cloudwatch_logs->group_template == "/niam/{instance_id}");
    CHECK(plain.config.cloudwatch_logs->spool_mb == 64);
    CHECK(plain.config.cloudwatch_logs->line == 1);
    const auto sized = parse_config("CLOUDWATCH_LOGS /niam/{hostname}/{instance_id} spool_mb=8\n", "conf/web1");
    CHECK(sized.problems.empty());
    REQUIRE(sized.config.cloudwatch_logs.has_value());
    CHECK(sized.config.cloudwatch_logs->spool_mb == 8);
    const auto twice = parse_config("CLOUDWATCH_LOGS /a\nCLOUDWATCH_LOGS /b\n", "conf/web1");
    REQUIRE(twice.problems.size() == 1);
    CHECK(twice.problems[0].describe() ==
          "conf/web1:2: CLOUDWATCH_LOGS repeated (first on line 1); the last one applies");
    CHECK(twice.config.cloudwatch_logs->group_template == "/b");
}

TEST_CASE("config: bad CLOUDWATCH_LOGS statements are reported and ignored", "[config]") {
    const auto problem = [](const std::string& text) {
        const auto parsed = parse_config(text + "\n", "conf/web1");
        CHECK_FALSE(parsed.config.cloudwatch_logs.has_value());
        REQUIRE(parsed.problems.size() == 1);
        return parsed.problems[0].describe();
    };
    CHECK(problem("CLOUDWATCH_LOGS") ==
          "conf/web1:1: CLOUDWATCH_LOGS needs 'CLOUDWATCH_LOGS group-template [spool_mb=N]'");
    CHECK(problem("CLOUDWATCH_LOGS /a spool_mb=1 extra") ==
          "conf/web1:1: CLOUDWATCH_LOGS needs 'CLOUDWATCH_LOGS group-template [spool_mb=N]'");
    CHECK(problem("CLOUDWATCH_LOGS /niam/{instance}") ==
          "conf/web1:1: CLOUDWATCH_LOGS group template '/niam/{instance}' must be at most 512 of A-Z a-z 0-9 . - _ / # "
          "besides {instance_id} and {hostname}");
    CHECK_THAT(problem("CLOUDWATCH_LOGS /niam:x"), Catch::Contains("group template '/niam:x'"));
    CHECK_THAT(problem("CLOUDWATCH_LOGS /" + std::string(512, 'a')), Catch::Contains("at most 512"));
    CHECK(problem("CLOUDWATCH_LOGS /a spool_mb=0") == "conf/web1:1: CLOUDWATCH_LOGS spool_mb needs a number 1-1048576");
    CHECK(problem("CLOUDWATCH_LOGS /a size=3") == "conf/web1:1: CLOUDWATCH_LOGS spool_mb needs a number 1-1048576");
}
