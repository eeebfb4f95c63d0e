// The master's statements: EC2_CHECK, NO_AGENT, RENOTIFY, RETENTION, ALERT_SCRIPT, MAX_HOSTS.
#include <catch2/catch.hpp>

#include <string>

#include "config/config_parser.hpp"
#include "only_problem.hpp"

using niamd::config::parse_config;

TEST_CASE("config: master statements have their defaults", "[config]") {
    const auto parsed = parse_config("ROLE=master\n", "conf/monitor");
    CHECK(parsed.problems.empty());
    CHECK(parsed.config.ec2_check == 300);
    CHECK_FALSE(parsed.config.no_agent.enabled);
    CHECK(parsed.config.renotify == 0);
    CHECK(parsed.config.retention_days == 30);
    CHECK(parsed.config.alert_script.empty());
}

TEST_CASE("config: master statements apply", "[config]") {
    const auto parsed = parse_config(
        "EC2_CHECK 0\n"
        "NO_AGENT on Monitored=yes\n"
        "RENOTIFY 3600\n"
        "RETENTION 90\n"
        "ALERT_SCRIPT /usr/local/bin/page-me\n",
        "conf/monitor");
    CHECK(parsed.problems.empty());
    const auto& c = parsed.config;
    CHECK(c.ec2_check == 0);
    CHECK(c.no_agent.enabled);
    CHECK(c.no_agent.tag_key == "Monitored");
    CHECK(c.no_agent.tag_value == "yes");
    CHECK(c.renotify == 3600);
    CHECK(c.retention_days == 90);
    CHECK(c.alert_script == "/usr/local/bin/page-me");

    const auto plain = parse_config("no_agent ON\nNO_AGENT off\n", "conf/monitor");
    REQUIRE(plain.problems.size() == 1);  // the repeat
    CHECK_FALSE(plain.config.no_agent.enabled);
    const auto empty_value = parse_config("NO_AGENT on Team=\n", "conf/monitor");
    CHECK(empty_value.problems.empty());
    CHECK(empty_value.config.no_agent.tag_key == "Team");
    CHECK(empty_value.config.no_agent.tag_value.empty());
}

TEST_CASE("config: bad master statements are reported with their line", "[config]") {
    CHECK(only_problem("EC2_CHECK -1") ==
          "conf/monitor:1: EC2_CHECK needs 'EC2_CHECK seconds' with seconds 0-86400 (0 = off)");
    CHECK(only_problem("RENOTIFY soon") ==
          "conf/monitor:1: RENOTIFY needs 'RENOTIFY seconds' with seconds 0-86400 (0 = off)");
    CHECK(only_problem("RETENTION 0") == "conf/monitor:1: RETENTION needs 'RETENTION days' with days 1-3650");
    CHECK(only_problem("NO_AGENT maybe") == "conf/monitor:1: NO_AGENT needs 'NO_AGENT on|off [tag-key=value]'");
    CHECK(only_problem("NO_AGENT on =x") == "conf/monitor:1: NO_AGENT tag filter '=x' must be 'tag-key=value'");
    CHECK(only_problem("ALERT_SCRIPT page-me") ==
          "conf/monitor:1: ALERT_SCRIPT needs 'ALERT_SCRIPT /absolute/path' (one word, no spaces)");
    // A bad line leaves the default in place.
    const auto parsed = parse_config("EC2_CHECK 99999999\n", "conf/monitor");
    CHECK(parsed.config.ec2_check == 300);
}

TEST_CASE("config: MAX_HOSTS bounds the master's hosts, 50,000 by default", "[config]") {
    CHECK(parse_config("ROLE=master\n", "conf/monitor").config.max_hosts == 50000);
    const auto parsed = parse_config("MAX_HOSTS 2000\n", "conf/monitor");
    CHECK(parsed.problems.empty());
    CHECK(parsed.config.max_hosts == 2000);
    CHECK(only_problem("MAX_HOSTS 0") == "conf/monitor:1: MAX_HOSTS needs 'MAX_HOSTS count' with count 1-10000000");
    CHECK(only_problem("MAX_HOSTS many") == "conf/monitor:1: MAX_HOSTS needs 'MAX_HOSTS count' with count 1-10000000");
}

TEST_CASE("config: LOG_RETENTION keeps log lines and events 1-3650 days, 7 by default", "[config]") {
    CHECK(parse_config("ROLE=master\n", "conf/monitor").config.log_retention_days == 7);
    const auto parsed = parse_config("ROLE=master\nLOG_RETENTION 30\n", "conf/monitor");
    CHECK(parsed.problems.empty());
    CHECK(parsed.config.log_retention_days == 30);
    CHECK(parse_config("LOG_RETENTION 3650\n", "conf/monitor").config.log_retention_days == 3650);
    for (const char* bad : {"LOG_RETENTION 0", "LOG_RETENTION 3651", "LOG_RETENTION", "LOG_RETENTION 7 days",
                            "LOG_RETENTION -1", "LOG_RETENTION week"}) {
        INFO(bad);
        CHECK(only_problem(bad) == "conf/monitor:1: LOG_RETENTION needs 'LOG_RETENTION days' with days 1-3650");
        CHECK(parse_config(std::string(bad) + "\n", "conf/monitor").config.log_retention_days == 7);
    }
}

TEST_CASE("config: RECEIVERS sets the master's receive lanes, 1-32 or auto, auto by default", "[config]") {
    CHECK(parse_config("", "conf/monitor").config.receivers == niamd::config::kAutoReceivers);
    CHECK(parse_config("RECEIVERS 16\n", "conf/monitor").config.receivers == 16);
    CHECK(parse_config("RECEIVERS 1\n", "conf/monitor").config.receivers == 1);
    CHECK(parse_config("RECEIVERS 8\nRECEIVERS auto\n", "conf/monitor").config.receivers ==
          niamd::config::kAutoReceivers);  // repeated: the last one applies
    CHECK(parse_config("RECEIVERS 8\n", "conf/monitor").config.receivers == 8);
    CHECK(parse_config("RECEIVERS AUTO\n", "conf/monitor").config.receivers == niamd::config::kAutoReceivers);
    const char* wanted = "conf/monitor:1: RECEIVERS needs 'RECEIVERS auto' or 'RECEIVERS lanes' with lanes 1-32";
    CHECK(only_problem("RECEIVERS 0") == wanted);
    CHECK(only_problem("RECEIVERS 33") == wanted);
    CHECK(only_problem("RECEIVERS 4 8") == wanted);
    CHECK(only_problem("RECEIVERS automatic") == wanted);
}

TEST_CASE("config: MAX_NEW_HOSTS bounds the hosts admitted a minute, 1000 by default", "[config]") {
    CHECK(parse_config("", "conf/monitor").config.max_new_hosts == 1000);
    CHECK(parse_config("MAX_NEW_HOSTS 200000\n", "conf/monitor").config.max_new_hosts == 200000);
    CHECK(only_problem("MAX_NEW_HOSTS none") ==
          "conf/monitor:1: MAX_NEW_HOSTS needs 'MAX_NEW_HOSTS count' with count 1-1000000");
}
