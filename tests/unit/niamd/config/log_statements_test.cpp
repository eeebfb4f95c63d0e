#include <catch2/catch.hpp>

#include "config/config_parser.hpp"
#include "only_problem.hpp"

using niamd::config::parse_config;

TEST_CASE("config: JOURNAL and SSH_LOGINS statements apply with their options", "[config]") {
    const auto parsed = parse_config(
        "JOURNAL\nJOURNAL unit=ssh.service unit=cron.service priority=warning\nJOURNAL name=kernel priority=3 "
        "directory=/var/log/journal/remote\nSSH_LOGINS /var/log/secure\n",
        "conf/web1");
    REQUIRE(parsed.problems.empty());
    const auto& journals = parsed.config.journals;
    REQUIRE(journals.size() == 3);
    CHECK(journals[0].name == "journal");
    CHECK(journals[0].units.empty());
    CHECK(journals[0].max_priority == 7);
    CHECK(journals[1].name == "journal:ssh.service,cron.service");
    CHECK(journals[1].units == std::vector<std::string>{"ssh.service", "cron.service"});
    CHECK(journals[1].max_priority == 4);
    CHECK(journals[2].name == "kernel");
    CHECK(journals[2].max_priority == 3);
    CHECK(journals[2].directory == "/var/log/journal/remote");
    CHECK(journals[2].line == 3);
    REQUIRE(parsed.config.ssh_logins);
    CHECK(parsed.config.ssh_logins->path == "/var/log/secure");
    CHECK(parsed.config.ssh_logins->path_given);

    const auto plain = parse_config("SSH_LOGINS\n", "conf/web1");
    REQUIRE(plain.config.ssh_logins);
    CHECK(plain.config.ssh_logins->path == "/var/log/auth.log");
    CHECK_FALSE(plain.config.ssh_logins->path_given);
    CHECK(parse_config("", "conf/web1").config.journals.empty());
    CHECK_FALSE(parse_config("", "conf/web1").config.ssh_logins);
}

TEST_CASE("config: bad JOURNAL and SSH_LOGINS statements name the file and line", "[config]") {
    CHECK(only_client_problem("JOURNAL ssh.service") ==
          "conf/web1:1: JOURNAL option 'ssh.service' must be unit=U, priority=P, name=N or directory=D");
    CHECK(only_client_problem("JOURNAL unit=ssh") ==
          "conf/web1:1: JOURNAL unit 'ssh' is not a unit name like ssh.service");
    CHECK(only_client_problem("JOURNAL priority=loud") ==
          "conf/web1:1: JOURNAL priority 'loud' must be 0-7 or emerg, alert, crit, err, warning, notice, info, debug");
    CHECK(only_client_problem("JOURNAL colour=red") ==
          "conf/web1:1: JOURNAL option 'colour' is unknown (unit=, priority=, name=, directory=)");
    CHECK(only_client_problem("JOURNAL directory=relative") ==
          "conf/web1:1: JOURNAL directory 'relative' must be an absolute path");
    CHECK(only_client_problem("JOURNAL\n\nJOURNAL") ==
          "conf/web1:3: JOURNAL name 'journal' is used on line 1 already; give name=");
    CHECK(only_client_problem("SSH_LOGINS auth.log") ==
          "conf/web1:1: SSH_LOGINS path 'auth.log' must be an absolute path");
    CHECK(only_client_problem("SSH_LOGINS /a /b") ==
          "conf/web1:1: SSH_LOGINS takes one path, 'SSH_LOGINS [path] [directory=D]'");
    CHECK(only_client_problem("SSH_LOGINS\nSSH_LOGINS /var/log/secure") ==
          "conf/web1:2: SSH_LOGINS repeated (first on line 1); the last one applies");
    // Nothing of a bad statement applies.
    CHECK(parse_config("JOURNAL unit=ssh\n", "conf/web1").config.journals.empty());
}
