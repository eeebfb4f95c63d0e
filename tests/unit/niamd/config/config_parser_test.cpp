#include <catch2/catch.hpp>

#include <string>

#include "config/config_parser.hpp"

using niamd::config::CheckKind;
using niamd::config::parse_config;
using niamd::config::Role;

namespace {

// The one problem a single-line config produces, as "source:line: message".
std::string only_problem(std::string_view text) {
    const auto parsed = parse_config(text, "conf/web1");
    REQUIRE(parsed.problems.size() == 1);
    return parsed.problems[0].describe();
}

}  // namespace

TEST_CASE("config: empty and comment-only configs give the defaults and no problems") {
    for (const char* text : {"", "\n\n", "# nothing here\n   # indented comment\n\t\n", "\xEF\xBB\xBF# bom\r\n"}) {
        const auto parsed = parse_config(text, "conf/GENERIC");
        CHECK(parsed.problems.empty());
        CHECK(parsed.config.role == Role::Client);
        CHECK_FALSE(parsed.config.database.has_value());
        CHECK(parsed.config.checks.empty());
        CHECK(parsed.config.interval == 30);
        CHECK(parsed.config.warn_after == 120);
        CHECK(parsed.config.purge_after == 600);
        CHECK(parsed.config.timeout == 10);
        CHECK(parsed.config.alert_topic.empty());
        CHECK(parsed.config.hmac_key.empty());
    }
}

TEST_CASE("config: every statement form applies") {
    const auto parsed = parse_config(
        "ROLE=master\n"
        "DATABASE db.internal 3306 monitor s3cret niam\n"
        "PING 10.0.0.5 PORT 0   # ICMP echo\n"
        "PING db.internal PORT 22\n"
        "HTTP www.example.com PORT 8080\n"
        "HTTP https://api.example.com/health?deep=1\n"
        "HTTP http://[::1]:8081/status\n"
        "SCRIPT check_disk -w 20% -c 10% -p /\n"
        "SCRIPT check_load\n"
        "INTERVAL 15\n"
        "WARN_AFTER 60\n"
        "PURGE_AFTER 3600\n"
        "TIMEOUT 5\n"
        "ALERT_TOPIC arn:aws:sns:eu-west-1:123456789012:niam-alerts\n"
        "HMAC_KEY k#ey-with-hash\n",
        "conf/web1");
    CHECK(parsed.problems.empty());
    const auto& c = parsed.config;
    CHECK(c.role == Role::Master);
    REQUIRE(c.database.has_value());
    CHECK(c.database->host == "db.internal");
    CHECK(c.database->port == 3306);
    CHECK(c.database->user == "monitor");
    CHECK(c.database->password == "s3cret");
    CHECK(c.database->dbname == "niam");
    REQUIRE(c.checks.size() == 7);
    CHECK(c.checks[0].kind == CheckKind::Ping);
    CHECK(c.checks[0].target == "10.0.0.5");
    CHECK(c.checks[0].port == 0);
    CHECK(c.checks[1].port == 22);
    CHECK(c.checks[2].kind == CheckKind::Http);
    CHECK(c.checks[2].target == "www.example.com");
    CHECK(c.checks[2].port == 8080);
    CHECK(c.checks[2].url == "http://www.example.com:8080/");
    CHECK(c.checks[3].target == "api.example.com");
    CHECK(c.checks[3].port == 443);
    CHECK(c.checks[3].url == "https://api.example.com/health?deep=1");
    CHECK(c.checks[4].target == "[::1]");
    CHECK(c.checks[4].port == 8081);
    CHECK(c.checks[5].kind == CheckKind::Script);
    CHECK(c.checks[5].script == "check_disk");
    CHECK(c.checks[5].args == std::vector<std::string>{"-w", "20%", "-c", "10%", "-p", "/"});
    CHECK(c.checks[6].script == "check_load");
    CHECK(c.checks[6].args.empty());
    CHECK(c.interval == 15);
    CHECK(c.warn_after == 60);
    CHECK(c.purge_after == 3600);
    CHECK(c.timeout == 5);
    CHECK(c.alert_topic == "arn:aws:sns:eu-west-1:123456789012:niam-alerts");
    CHECK(c.hmac_key == "k#ey-with-hash");
}

TEST_CASE("config: keywords and ROLE values are case-insensitive, ROLE takes '=' or a space") {
    CHECK(parse_config("role=Master", "s").config.role == Role::Master);
    CHECK(parse_config("ROLE = master", "s").config.role == Role::Master);
    CHECK(parse_config("ROLE master", "s").config.role == Role::Master);
    CHECK(parse_config("ROLE=master\nROLE=client", "s").config.role == Role::Client);
    const auto parsed = parse_config("ping host1 port 80\nInterval 45\nhttp http://h/ \r\n", "s");
    CHECK(parsed.problems.empty());
    REQUIRE(parsed.config.checks.size() == 2);
    CHECK(parsed.config.checks[1].port == 80);
    CHECK(parsed.config.interval == 45);
}

TEST_CASE("config: DATABASE without dbname leaves it empty") {
    const auto parsed = parse_config("DATABASE db 5432 u p", "s");
    REQUIRE(parsed.config.database.has_value());
    CHECK(parsed.config.database->dbname.empty());
}

TEST_CASE("config: each bad statement is reported with source, line and a fixed message") {
    struct Row {
        const char* text;
        const char* expected;
    };
    const Row rows[] = {
        {"\n\n\n\n\n\nPING host1", "conf/web1:7: PING needs 'PING target PORT port'"},
        {"PING host1 PORT 70000", "conf/web1:1: PING port '70000' must be a number 0-65535 (0 means ICMP echo)"},
        {"PING host1 PORT -1", "conf/web1:1: PING port '-1' must be a number 0-65535 (0 means ICMP echo)"},
        {"PING ho/st PORT 1", "conf/web1:1: PING target 'ho/st' is not a host name or address"},
        {"PING host1 TO 80", "conf/web1:1: PING needs 'PING target PORT port'"},
        {"HTTP host1", "conf/web1:1: HTTP needs 'HTTP target PORT port' or 'HTTP http[s]://host[:port][/path]'"},
        {"HTTP host1 PORT 0", "conf/web1:1: HTTP port '0' must be a number 1-65535"},
        {"HTTP ftp://host1/", "conf/web1:1: HTTP needs 'HTTP target PORT port' or 'HTTP http[s]://host[:port][/path]'"},
        {"HTTP http://:80/", "conf/web1:1: HTTP URL has no valid host"},
        {"HTTP http://h:99999/", "conf/web1:1: HTTP URL port must be a number 1-65535"},
        {"HTTP http://h:/", "conf/web1:1: HTTP URL port must be a number 1-65535"},
        {"HTTP http://user:pw@h/", "conf/web1:1: HTTP URL must not hold a user name or password"},
        {"SCRIPT", "conf/web1:1: SCRIPT needs 'SCRIPT name [args...]'"},
        {"SCRIPT ../bin/sh",
         "conf/web1:1: SCRIPT name '../bin/sh' must be a plain file name of letters, digits, '.', '_' and '-'"},
        {"SCRIPT ..", "conf/web1:1: SCRIPT name '..' must be a plain file name of letters, digits, '.', '_' and '-'"},
        {"SCRIPT check$x",
         "conf/web1:1: SCRIPT name 'check$x' must be a plain file name of letters, digits, '.', '_' and '-'"},
        {"INTERVAL 0", "conf/web1:1: INTERVAL needs 'INTERVAL seconds' with seconds 1-86400"},
        {"INTERVAL 86401", "conf/web1:1: INTERVAL needs 'INTERVAL seconds' with seconds 1-86400"},
        {"TIMEOUT 5s", "conf/web1:1: TIMEOUT needs 'TIMEOUT seconds' with seconds 1-86400"},
        {"WARN_AFTER", "conf/web1:1: WARN_AFTER needs 'WARN_AFTER seconds' with seconds 1-86400"},
        {"PURGE_AFTER 1 2", "conf/web1:1: PURGE_AFTER needs 'PURGE_AFTER seconds' with seconds 1-86400"},
        {"ROLE=boss", "conf/web1:1: ROLE needs 'ROLE=master' or 'ROLE=client'"},
        {"DATABASE db 3306 u", "conf/web1:1: DATABASE needs 'DATABASE host port user password [dbname]'"},
        {"DATABASE db port u p", "conf/web1:1: DATABASE port 'port' must be a number 1-65535"},
        {"ALERT_TOPIC my-topic", "conf/web1:1: ALERT_TOPIC needs 'ALERT_TOPIC arn:aws:sns:region:account:topic'"},
        {"HMAC_KEY", "conf/web1:1: HMAC_KEY needs 'HMAC_KEY key' with one key and no spaces"},
        {"FROBNICATE now", "conf/web1:1: unknown statement 'FROBNICATE'"},
        {"PING\x01 h PORT 0", "conf/web1:1: line contains control characters; ignored"},
        {"PING h PORT 0#comment", "conf/web1:1: PING port '0#comment' must be a number 0-65535 (0 means ICMP echo)"},
        {"WARN_AFTER 900",
         "conf/web1:1: WARN_AFTER (900) must be less than PURGE_AFTER (600); using the defaults 120 and 600"},
        {"INTERVAL 10\nINTERVAL 20", "conf/web1:2: INTERVAL repeated (first on line 1); the last one applies"},
    };
    for (const auto& row : rows) {
        INFO(row.text);
        CHECK(only_problem(row.text) == row.expected);
    }
}

TEST_CASE("config: WARN_AFTER >= PURGE_AFTER is reported on the later line and both keep defaults") {
    const auto parsed = parse_config("WARN_AFTER 300\nINTERVAL 20\nPURGE_AFTER 300\n", "conf/db1");
    REQUIRE(parsed.problems.size() == 1);
    CHECK(parsed.problems[0].describe() ==
          "conf/db1:3: WARN_AFTER (300) must be less than PURGE_AFTER (300); using the defaults 120 and 600");
    CHECK(parsed.config.warn_after == 120);
    CHECK(parsed.config.purge_after == 600);
    CHECK(parsed.config.interval == 20);
}

TEST_CASE("config: duplicate singletons warn and the last one applies") {
    const auto parsed = parse_config("TIMEOUT 3\nHMAC_KEY first\nTIMEOUT 7\nHMAC_KEY second\n", "s");
    REQUIRE(parsed.problems.size() == 2);
    CHECK(parsed.problems[0].describe() == "s:3: TIMEOUT repeated (first on line 1); the last one applies");
    CHECK(parsed.problems[1].describe() == "s:4: HMAC_KEY repeated (first on line 2); the last one applies");
    CHECK(parsed.config.timeout == 7);
    CHECK(parsed.config.hmac_key == "second");
}

TEST_CASE("config: mixed good and bad lines keep the good ones") {
    const auto parsed = parse_config(
        "# web tier\n"
        "PING web2 PORT 80\n"
        "PING web3\n"
        "HTTP web2 PORT 8080\n"
        "BOGUS\n"
        "SCRIPT check_http -H web2\n"
        "INTERVAL soon\n"
        "TIMEOUT 4\n",
        "conf/web1");
    REQUIRE(parsed.problems.size() == 3);
    CHECK(parsed.problems[0].describe() == "conf/web1:3: PING needs 'PING target PORT port'");
    CHECK(parsed.problems[1].describe() == "conf/web1:5: unknown statement 'BOGUS'");
    CHECK(parsed.problems[2].describe() == "conf/web1:7: INTERVAL needs 'INTERVAL seconds' with seconds 1-86400");
    REQUIRE(parsed.config.checks.size() == 3);
    CHECK(parsed.config.checks[0].target == "web2");
    CHECK(parsed.config.checks[1].kind == CheckKind::Http);
    CHECK(parsed.config.checks[2].script == "check_http");
    CHECK(parsed.config.interval == 30);
    CHECK(parsed.config.timeout == 4);
}

TEST_CASE("config: passwords and HMAC keys never appear in problem messages") {
    const std::string password = "Pa55wordXYZ";
    const std::string key = "HmacKeyQRS";
    const auto parsed = parse_config("DATABASE db 3306 monitor " + password +
                                         "\n"  // applied
                                         "DATABASE db 3306 monitor " +
                                         password +
                                         " niam extra\n"  // too many words
                                         "DATABASE db notaport monitor " +
                                         password +
                                         "\n"
                                         "DATABASE db 3306 monitor " +
                                         password +
                                         "\n"  // repeated
                                         "HMAC_KEY " +
                                         key +
                                         "\n"
                                         "HMAC_KEY " +
                                         key + " " + key +
                                         "\n"
                                         "HMAC_KEY " +
                                         key +
                                         "\n"
                                         "HTTP http://u:" +
                                         password + "@h/\n",
                                     "conf/web1");
    REQUIRE(parsed.problems.size() == 6);
    for (const auto& problem : parsed.problems) {
        INFO(problem.describe());
        CHECK(problem.describe().find(password) == std::string::npos);
        CHECK(problem.describe().find(key) == std::string::npos);
    }
}

TEST_CASE("config: bounds on size, lines, line length and checks") {
    const auto huge = parse_config(std::string(niamd::config::kMaxConfigBytes + 1, '#'), "conf/big");
    REQUIRE(huge.problems.size() == 1);
    CHECK(huge.problems[0].describe() == "conf/big: config is larger than 65536 bytes; ignored, using the defaults");

    std::string many_lines;
    for (int i = 0; i < 2001; ++i) many_lines += "\n";
    many_lines += "INTERVAL 5\n";
    const auto lines = parse_config(many_lines, "s");
    REQUIRE(lines.problems.size() == 1);
    CHECK(lines.problems[0].describe() == "s:2001: config has more than 2000 lines; the rest is ignored");
    CHECK(lines.config.interval == 30);

    const auto long_line = parse_config("SCRIPT x " + std::string(5000, 'a') + "\nTIMEOUT 2", "s");
    REQUIRE(long_line.problems.size() == 1);
    CHECK(long_line.problems[0].describe() == "s:1: line is longer than 4096 characters; ignored");
    CHECK(long_line.config.timeout == 2);

    std::string checks;
    for (int i = 0; i < 257; ++i) checks += "PING h" + std::to_string(i) + " PORT 0\n";
    const auto too_many = parse_config(checks, "s");
    CHECK(too_many.config.checks.size() == 256);
    REQUIRE(too_many.problems.size() == 1);
    CHECK(too_many.problems[0].describe() == "s:257: too many checks (more than 256); check ignored");
}

TEST_CASE("config: quoted input in messages is short and printable") {
    const auto text = "X" + std::string(100, 'y') + "\xff";
    CHECK(only_problem(text) == "conf/web1:1: unknown statement 'Xyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy...'");
    CHECK(only_problem("\xc3\xa9t\xc3\xa9") ==
          "conf/web1:1: unknown statement '?"
          "?t?"
          "?'");
    // MAINTENANCE echoes its host, times, days, hours and zone the same way.
    CHECK(only_problem("MAINTENANCE ONCE h\xff 2026-03-29T02:00Z 2026-03-29T04:00Z") ==
          "conf/web1:1: MAINTENANCE host 'h?' is not a host name, instance id or *");
    CHECK(only_problem("MAINTENANCE ONCE h 2026-03-29T02:00\xff 2026-03-29T04:00Z") ==
          "conf/web1:1: MAINTENANCE ONCE start '2026-03-29T02:00?' is not an ISO-8601 time like 2026-03-29T02:00Z");
    CHECK(only_problem("MAINTENANCE WEEKLY h M\xc3\xb6n 02:00-04:00 UTC") ==
          "conf/web1:1: MAINTENANCE WEEKLY days 'M?"
          "?n' are not like Mon,Tue or Sat-Sun");
    CHECK(only_problem("MAINTENANCE WEEKLY h Mon 02:00-04:00 Europe/Z\xc3\xbcrich") ==
          "conf/web1:1: MAINTENANCE WEEKLY zone: \"Europe/Z?"
          "?rich\" is not a time zone name");
}
