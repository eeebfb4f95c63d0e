// The master's metric statements: THRESHOLD and CLOUDWATCH.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "config/config_parser.hpp"
#include "only_problem.hpp"

using niamd::config::parse_config;

TEST_CASE("config: THRESHOLD with tags and FOR applies", "[config]") {
    const auto parsed = parse_config(
        "ROLE=master\n"
        "THRESHOLD fs.used_pct[mount=/] 80 90 FOR 300\n"
        "threshold load.1 ~:4 ~:8\n"
        "THRESHOLD net.rx_errors_per_s[if=eth0,host=db] - 10: for 0\n",
        "conf/monitor");
    CHECK(parsed.problems.empty());
    const auto& t = parsed.config.thresholds;
    REQUIRE(t.size() == 3);
    CHECK(t[0].name == "fs.used_pct");
    REQUIRE(t[0].tags.size() == 1);
    CHECK(t[0].tags[0].first == "mount");
    CHECK(t[0].tags[0].second == "/");
    REQUIRE(t[0].warn.has_value());
    CHECK(t[0].warn->end == 80);
    CHECK(t[0].crit->end == 90);
    CHECK(t[0].for_seconds == 300);
    CHECK(t[0].line == 2);
    CHECK(t[0].text() == "THRESHOLD fs.used_pct[mount=/] 80 90 FOR 300");
    CHECK(t[1].name == "load.1");
    CHECK(t[1].tags.empty());
    CHECK(std::isinf(t[1].warn->start));
    CHECK(t[1].for_seconds == 0);
    CHECK(t[1].text() == "THRESHOLD load.1 ~:4 ~:8");
    CHECK(t[2].tags.size() == 2);
    CHECK_FALSE(t[2].warn.has_value());
    CHECK(t[2].crit->start == 10);
    CHECK(t[2].text() == "THRESHOLD net.rx_errors_per_s[if=eth0,host=db] - 10:");
}

TEST_CASE("config: bad THRESHOLD statements name the file and line", "[config]") {
    CHECK(only_problem("THRESHOLD load.1 4") ==
          "conf/monitor:1: THRESHOLD needs 'THRESHOLD name[tag=value,...] WARN CRIT [FOR seconds]'");
    CHECK(only_problem("\nTHRESHOLD load.1 4 8 AFTER 10") ==
          "conf/monitor:2: THRESHOLD needs 'THRESHOLD name[tag=value,...] WARN CRIT [FOR seconds]'");
    CHECK(only_problem("THRESHOLD load.1 four 8") ==
          "conf/monitor:1: THRESHOLD WARN 'four' is not a range (10, 10:, ~:10, 10:20, @10:20) or '-'");
    CHECK(only_problem("THRESHOLD load.1 4 20:10") ==
          "conf/monitor:1: THRESHOLD CRIT '20:10' is not a range (10, 10:, ~:10, 10:20, @10:20) or '-'");
    CHECK(only_problem("THRESHOLD load.1 - -") ==
          "conf/monitor:1: THRESHOLD needs a WARN or a CRIT range ('-' '-' alerts never)");
    CHECK(only_problem("THRESHOLD load.1 4 8 FOR -1") == "conf/monitor:1: THRESHOLD FOR needs seconds 0-86400");
    CHECK(only_problem("THRESHOLD load.1 4 8 FOR 86401") == "conf/monitor:1: THRESHOLD FOR needs seconds 0-86400");
    CHECK(only_problem("THRESHOLD [mount=/] 4 8") == "conf/monitor:1: THRESHOLD needs a metric name before the tags");
    CHECK(only_problem("THRESHOLD fs.used_pct[mount=/ 4 8") ==
          "conf/monitor:1: THRESHOLD tags must be written 'name[tag=value,...]' (no closing ']')");
    CHECK(only_problem("THRESHOLD fs.used_pct[mount] 4 8") ==
          "conf/monitor:1: THRESHOLD tag 'mount' must be 'tag=value'");
    CHECK(only_problem("THRESHOLD fs.used_pct[mount=/,] 4 8") ==
          "conf/monitor:1: THRESHOLD tag '' must be 'tag=value'");
    CHECK(only_problem("THRESHOLD fs.used_pct[] 4 8") ==
          "conf/monitor:1: THRESHOLD tags '[]' are empty; leave the brackets out to match every series");
    CHECK(only_problem("THRESHOLD fs.used_pct[a=1,a=2] 4 8") == "conf/monitor:1: THRESHOLD tag 'a' is given twice");
    CHECK(only_problem("THRESHOLD fs]x 4 8") == "conf/monitor:1: THRESHOLD metric name 'fs]x' has a ']'");
    CHECK(only_problem("THRESHOLD " + std::string(256, 'm') + " 4 8") ==
          "conf/monitor:1: THRESHOLD metric name is longer than 255 bytes");
    // Nothing of a bad statement applies.
    CHECK(parse_config("THRESHOLD load.1 4 x\n", "conf/monitor").config.thresholds.empty());
}

TEST_CASE("config: a THRESHOLD repeated for the same series replaces the first", "[config]") {
    const auto parsed = parse_config(
        "THRESHOLD fs.used_pct[mount=/,fs=ext4] 80 90\n"
        "THRESHOLD fs.used_pct 70 95\n"
        "THRESHOLD fs.used_pct[fs=ext4,mount=/] 85 95\n",
        "conf/monitor");
    REQUIRE(parsed.problems.size() == 1);
    CHECK(parsed.problems[0].describe() ==
          "conf/monitor:3: THRESHOLD for 'fs.used_pct[fs=ext4,mount=/]' repeated (first on line 1); the last one "
          "applies");
    REQUIRE(parsed.config.thresholds.size() == 2);
    CHECK(parsed.config.thresholds[0].line == 2);
    CHECK(parsed.config.thresholds[1].line == 3);
    CHECK(parsed.config.thresholds[1].warn->end == 85);
}

TEST_CASE("config: at most 256 THRESHOLD statements", "[config]") {
    std::string text;
    for (int i = 0; i < 257; ++i) text += "THRESHOLD m" + std::to_string(i) + " 1 2\n";
    const auto parsed = parse_config(text, "conf/monitor");
    CHECK(parsed.config.thresholds.size() == 256);
    REQUIRE(parsed.problems.size() == 1);
    CHECK(parsed.problems[0].describe() == "conf/monitor:257: too many THRESHOLD statements (more than 256); ignored");
}

TEST_CASE("config: CLOUDWATCH namespace and name globs", "[config]") {
    const auto none = parse_config("ROLE=master\n", "conf/monitor");
    CHECK_FALSE(none.config.cloudwatch.has_value());
    const auto all = parse_config("CLOUDWATCH niam/prod\n", "conf/monitor");
    CHECK(all.problems.empty());
    REQUIRE(all.config.cloudwatch.has_value());
    CHECK(all.config.cloudwatch->name_space == "niam/prod");
    CHECK(all.config.cloudwatch->globs.empty());
    const auto some = parse_config("CLOUDWATCH Niam cpu.* fs.used_pct check_?isk.*\n", "conf/monitor");
    REQUIRE(some.config.cloudwatch.has_value());
    CHECK(some.config.cloudwatch->globs == std::vector<std::string>{"cpu.*", "fs.used_pct", "check_?isk.*"});
    const auto twice = parse_config("CLOUDWATCH a\nCLOUDWATCH b\n", "conf/monitor");
    REQUIRE(twice.problems.size() == 1);
    CHECK(twice.problems[0].describe() ==
          "conf/monitor:2: CLOUDWATCH repeated (first on line 1); the last one applies");
    CHECK(twice.config.cloudwatch->name_space == "b");
}

TEST_CASE("config: bad CLOUDWATCH statements are reported", "[config]") {
    CHECK(only_problem("CLOUDWATCH") == "conf/monitor:1: CLOUDWATCH needs 'CLOUDWATCH namespace [name-glob...]'");
    CHECK(only_problem("CLOUDWATCH AWS/EC2") ==
          "conf/monitor:1: CLOUDWATCH namespace must not start with 'AWS/' (reserved for AWS's own metrics)");
    CHECK(only_problem("CLOUDWATCH ni$am") ==
          "conf/monitor:1: CLOUDWATCH namespace 'ni$am' must be 1-255 letters, digits and . - _ / # :");
    std::string many = "CLOUDWATCH niam";
    for (int i = 0; i < 65; ++i) many += " m" + std::to_string(i);
    CHECK(only_problem(many) == "conf/monitor:1: CLOUDWATCH takes at most 64 name globs");
    CHECK_FALSE(parse_config("CLOUDWATCH AWS/EC2\n", "conf/monitor").config.cloudwatch.has_value());
}
