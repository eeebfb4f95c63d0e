// The client's metric and identity statements: METRICS, METRIC, INVENTORY, INSTANCE_ID.
#include <catch2/catch.hpp>

#include <string>

#include "config/config_parser.hpp"
#include "only_problem.hpp"

using niamd::config::parse_config;
using niamd::metrics::MetricFormat;

TEST_CASE("client statements: defaults without them") {
    const auto parsed = parse_config("", "conf/web1");
    CHECK(parsed.config.metrics == 60);
    CHECK(parsed.config.inventory == 86400);
    CHECK(parsed.config.metric_plugins.empty());
    CHECK(parsed.config.instance_id.prefix.empty());
    CHECK(parsed.config.instance_id.serial.empty());
    CHECK(parsed.config.instance_id.command.empty());
}

TEST_CASE("client statements: every form applies") {
    const auto parsed = parse_config(
        "METRICS 10\n"
        "METRIC nginx_stats --url http://127.0.0.1/status\n"
        "METRIC exporter:prometheus\n"
        "metric disk_io:INFLUX -d sda\n"
        "INVENTORY 3600\n"
        "INSTANCE_ID dc1 serial 4711\n"
        "INSTANCE_ID dc1 command /usr/local/bin/asset-tag --short\n",
        "conf/web1");
    CHECK(parsed.problems.empty());
    const auto& c = parsed.config;
    CHECK(c.metrics == 10);
    CHECK(c.inventory == 3600);
    REQUIRE(c.metric_plugins.size() == 3);
    CHECK(c.metric_plugins[0].plugin == "nginx_stats");
    CHECK(c.metric_plugins[0].args == std::vector<std::string>{"--url", "http://127.0.0.1/status"});
    CHECK_FALSE(c.metric_plugins[0].format.has_value());
    CHECK(c.metric_plugins[1].plugin == "exporter");
    CHECK(c.metric_plugins[1].format == MetricFormat::Prometheus);
    CHECK(c.metric_plugins[1].args.empty());
    CHECK(c.metric_plugins[2].plugin == "disk_io");
    CHECK(c.metric_plugins[2].format == MetricFormat::Influx);
    CHECK(c.instance_id.prefix == "dc1");
    CHECK(c.instance_id.serial == "4711");
    CHECK(c.instance_id.command == std::vector<std::string>{"/usr/local/bin/asset-tag", "--short"});
}

TEST_CASE("client statements: METRICS and INVENTORY 0 mean off") {
    const auto parsed = parse_config("METRICS 0\nINVENTORY 0\n", "conf/web1");
    CHECK(parsed.problems.empty());
    CHECK(parsed.config.metrics == 0);
    CHECK(parsed.config.inventory == 0);
}

TEST_CASE("client statements: bad METRICS and INVENTORY name the line and keep the default") {
    CHECK(only_client_problem("METRICS 86401") ==
          "conf/web1:1: METRICS needs 'METRICS seconds' with seconds 0-86400 (0 = off)");
    CHECK(only_client_problem("\nMETRICS -1") ==
          "conf/web1:2: METRICS needs 'METRICS seconds' with seconds 0-86400 (0 = off)");
    CHECK(only_client_problem("METRICS") ==
          "conf/web1:1: METRICS needs 'METRICS seconds' with seconds 0-86400 (0 = off)");
    CHECK(only_client_problem("INVENTORY 1 2") ==
          "conf/web1:1: INVENTORY needs 'INVENTORY seconds' with seconds 0-604800 (0 = off)");
    const auto parsed = parse_config("METRICS soon\nINVENTORY 604801\n", "conf/web1");
    CHECK(parsed.config.metrics == 60);
    CHECK(parsed.config.inventory == 86400);
}

TEST_CASE("client statements: METRICS repeated is reported and the last applies") {
    const auto parsed = parse_config("METRICS 10\nMETRICS 20\n", "conf/web1");
    REQUIRE(parsed.problems.size() == 1);
    CHECK(parsed.problems[0].describe() == "conf/web1:2: METRICS repeated (first on line 1); the last one applies");
    CHECK(parsed.config.metrics == 20);
}

TEST_CASE("client statements: a METRIC plugin name must be a plain file name") {
    CHECK(only_client_problem("METRIC") == "conf/web1:1: METRIC needs 'METRIC name[:format] [args...]'");
    CHECK(only_client_problem("METRIC ../bin/sh -c x") ==
          "conf/web1:1: METRIC name '../bin/sh' must be a plain file name of letters, digits, '.', '_' and '-'");
    CHECK(only_client_problem("METRIC :influx") ==
          "conf/web1:1: METRIC name '' must be a plain file name of letters, digits, '.', '_' and '-'");
    CHECK(parse_config("METRIC ../x\n", "conf/web1").config.metric_plugins.empty());
}

TEST_CASE("client statements: an unknown METRIC format is refused") {
    CHECK(only_client_problem("METRIC stats:json") ==
          "conf/web1:1: METRIC format 'json' must be graphite, perfdata, influx, opentsdb or prometheus");
    CHECK(only_client_problem("METRIC stats:") ==
          "conf/web1:1: METRIC format '' must be graphite, perfdata, influx, opentsdb or prometheus");
}

TEST_CASE("client statements: METRIC plugins are bounded") {
    std::string text;
    for (std::size_t i = 0; i <= niamd::config::kMaxMetricPlugins; ++i) text += "METRIC p" + std::to_string(i) + "\n";
    const auto parsed = parse_config(text, "conf/web1");
    CHECK(parsed.config.metric_plugins.size() == niamd::config::kMaxMetricPlugins);
    REQUIRE(parsed.problems.size() == 1);
    CHECK(parsed.problems[0].describe() == "conf/web1:65: too many METRIC plugins (more than 64); plugin ignored");
}

TEST_CASE("client statements: INSTANCE_ID forms that are refused") {
    const std::string form =
        "INSTANCE_ID needs 'INSTANCE_ID prefix serial S' or 'INSTANCE_ID prefix command CMD [args...]'";
    CHECK(only_client_problem("INSTANCE_ID dc1") == "conf/web1:1: " + form);
    CHECK(only_client_problem("INSTANCE_ID dc1 serial") == "conf/web1:1: " + form);
    CHECK(only_client_problem("INSTANCE_ID dc1 serial 1 2") == "conf/web1:1: " + form);
    CHECK(only_client_problem("INSTANCE_ID dc1 number 1") == "conf/web1:1: " + form);
    CHECK(only_client_problem("INSTANCE_ID d/c serial 1") ==
          "conf/web1:1: INSTANCE_ID prefix 'd/c' must be 1-64 letters, digits, '.', '_' and '-'");
    CHECK(only_client_problem("INSTANCE_ID dc1 serial a;b") ==
          "conf/web1:1: INSTANCE_ID serial 'a;b' must be 1-128 letters, digits, '.', '_' and '-'");
    CHECK(only_client_problem("INSTANCE_ID " + std::string(65, 'p') + " serial 1").find("must be 1-64") !=
          std::string::npos);
    std::string many = "INSTANCE_ID dc1 command /bin/echo";
    for (int i = 0; i < 32; ++i) many += " a";
    CHECK(only_client_problem(many) == "conf/web1:1: INSTANCE_ID command has more than 32 words");
    CHECK(parse_config("INSTANCE_ID dc1 serial a;b\n", "conf/web1").config.instance_id.prefix.empty());
}

TEST_CASE("client statements: the two INSTANCE_ID forms name one prefix") {
    const auto parsed = parse_config("INSTANCE_ID dc1 command /bin/hostname\nINSTANCE_ID dc2 serial 7\n", "conf/web1");
    REQUIRE(parsed.problems.size() == 1);
    CHECK(parsed.problems[0].describe() ==
          "conf/web1:2: INSTANCE_ID prefix 'dc2' differs from the earlier 'dc1'; statement ignored");
    CHECK(parsed.config.instance_id.prefix == "dc1");
    CHECK(parsed.config.instance_id.serial.empty());
}

TEST_CASE("client statements: an INSTANCE_ID form repeated is reported and the last applies") {
    const auto parsed = parse_config("INSTANCE_ID dc1 serial 1\nINSTANCE_ID dc2 serial 2\n", "conf/web1");
    REQUIRE(parsed.problems.size() == 1);
    CHECK(parsed.problems[0].describe() == "conf/web1:2: INSTANCE_ID repeated (first on line 1); the last one applies");
    CHECK(parsed.config.instance_id.prefix == "dc2");
    CHECK(parsed.config.instance_id.serial == "2");
}
