#include <catch2/catch.hpp>

#include "config/config_parser.hpp"
#include "config/log_statements.hpp"
#include "only_problem.hpp"

using niamd::config::log_source_name;
using niamd::config::parse_config;

TEST_CASE("config: LOG, LOG_MAX_LINE and LOG_RATE apply, a glob's files are named by their path", "[follow][config]") {
    const auto parsed = parse_config(
        "LOG /var/log/syslog\nLOG /var/log/app/*.log name=app\nLOG /srv/x.log name=x\nLOG_MAX_LINE 4096\n"
        "LOG_RATE 1000000\n",
        "conf/web1");
    REQUIRE(parsed.problems.empty());
    const auto& logs = parsed.config.log_files;
    REQUIRE(logs.size() == 3);
    CHECK(logs[0].pattern == "/var/log/syslog");
    CHECK_FALSE(logs[0].glob);
    CHECK(log_source_name(logs[0], "/var/log/syslog") == "/var/log/syslog");
    CHECK(logs[1].glob);
    CHECK(logs[1].line == 2);
    CHECK(log_source_name(logs[1], "/var/log/app/a.log") == "app:/var/log/app/a.log");
    CHECK(log_source_name(logs[2], "/srv/x.log") == "x");
    CHECK(parsed.config.log_max_line == 4096);
    CHECK(parsed.config.log_rate == 1000000);

    const auto plain = parse_config("", "conf/web1");
    CHECK(plain.config.log_files.empty());
    CHECK(plain.config.log_max_line == 16384);
    CHECK(plain.config.log_rate == 1000);
    CHECK(log_source_name(parse_config("LOG /a/*.log\n", "c").config.log_files.at(0), "/a/x.log") == "/a/x.log");
}

TEST_CASE("config: bad LOG statements name the line and the rest applies", "[follow][config]") {
    CHECK(only_client_problem("LOG var/log/syslog") ==
          "conf/web1:1: LOG path 'var/log/syslog' must be absolute (start with /)");
    CHECK(only_client_problem("LOG") == "conf/web1:1: LOG needs 'LOG path-or-glob [name=N]'");
    CHECK(only_client_problem("LOG /var/log/../etc/shadow") ==
          "conf/web1:1: LOG path '/var/log/../etc/shadow' must not hold '.' or '..' parts");
    CHECK(only_client_problem("LOG /var/log/ ") == "conf/web1:1: LOG path '/var/log/' must name a file");
    CHECK(only_client_problem("LOG /var/*/x.log") ==
          "conf/web1:1: LOG glob '/var/*/x.log' may hold '*', '?' and '[' in its last part only");
    CHECK(only_client_problem("LOG /a.log tag=x") ==
          "conf/web1:1: LOG option 'tag=x' is unknown ('LOG path-or-glob [name=N]')");
    CHECK(only_client_problem("LOG /a.log name=") ==
          "conf/web1:1: LOG name '' must be a word without spaces, commas or quotes");
    CHECK(only_client_problem("LOG /a.log\nLOG /a.log name=b") ==
          "conf/web1:2: LOG '/a.log' is followed on line 1 already");
    CHECK(only_client_problem("LOG /a.log name=app\nLOG /b.log name=app") ==
          "conf/web1:2: LOG name 'app' is used on line 1 already; give another name=");
    CHECK(only_client_problem("LOG_MAX_LINE 100") ==
          "conf/web1:1: LOG_MAX_LINE needs 'LOG_MAX_LINE bytes' with a number 1024-262144, not '100'");
    CHECK(only_client_problem("LOG_MAX_LINE 262145") ==
          "conf/web1:1: LOG_MAX_LINE needs 'LOG_MAX_LINE bytes' with a number 1024-262144, not '262145'");
    CHECK(only_client_problem("LOG_RATE 0") ==
          "conf/web1:1: LOG_RATE needs 'LOG_RATE lines-per-second' with a number 1-1000000, not '0'");
    CHECK(only_client_problem("LOG_RATE 1000001") ==
          "conf/web1:1: LOG_RATE needs 'LOG_RATE lines-per-second' with a number 1-1000000, not '1000001'");

    const auto mixed = parse_config("LOG relative.log\nLOG /ok.log\nLOG_RATE x\nLOG_RATE 5\n", "conf/web1");
    CHECK(mixed.problems.size() == 2);
    REQUIRE(mixed.config.log_files.size() == 1);
    CHECK(mixed.config.log_files[0].pattern == "/ok.log");
    CHECK(mixed.config.log_rate == 5);
}
