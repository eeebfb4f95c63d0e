// The master's alert rules on lines and events: LOG_ALERT, CONTAINER_ALERT, SSH_ALERT.
#include <catch2/catch.hpp>

#include <string>

#include "config/config_parser.hpp"
#include "only_problem.hpp"

using niamd::config::LogRuleKind;
using niamd::config::parse_config;

TEST_CASE("config: LOG_ALERT, CONTAINER_ALERT and SSH_ALERT apply", "[config][log-rules]") {
    const auto parsed = parse_config(
        "ROLE=master\n"
        "LOG_ALERT oom-killer /Out of memory: Killed process [0-9]+/ host=web* COUNT 2 WITHIN 300\n"
        "log_alert panic /panic|fatal/i\n"
        "LOG_ALERT paths /GET \\/admin\\/ /\n"
        "CONTAINER_ALERT die-nonzero\n"
        "CONTAINER_ALERT oom host=db?\n"
        "container_alert unhealthy\n"
        "CONTAINER_ALERT restarts 3 WITHIN 60\n"
        "SSH_ALERT failures 30 WITHIN 60 per-source\n"
        "SSH_ALERT failures 100 within 3600\n"
        "SSH_ALERT accepted user=root host=bastion*\n"
        "SSH_ALERT accepted\n",
        "conf/monitor");
    for (const auto& problem : parsed.problems) INFO(problem.describe());
    CHECK(parsed.problems.empty());
    const auto& r = parsed.config.log_rules;
    REQUIRE(r.size() == 11);
    CHECK(r[0].kind == LogRuleKind::LogLine);
    CHECK(r[0].name == "oom-killer");
    CHECK(r[0].regex == "Out of memory: Killed process [0-9]+");
    CHECK(r[0].host_glob == "web*");
    CHECK(r[0].count == 2);
    CHECK(r[0].within == 300);
    CHECK(r[0].line == 2);
    CHECK(r[0].text() == "LOG_ALERT oom-killer /Out of memory: Killed process [0-9]+/ host=web* COUNT 2 WITHIN 300");
    CHECK(r[1].ignore_case);
    CHECK(r[1].count == 1);
    CHECK(r[1].within == 60);
    CHECK(r[1].text() == "LOG_ALERT panic /panic|fatal/i");
    CHECK(r[2].regex == "GET /admin/ ");
    CHECK(r[2].text() == "LOG_ALERT paths /GET \\/admin\\/ /");
    CHECK(r[3].kind == LogRuleKind::ContainerDied);
    CHECK(r[4].kind == LogRuleKind::ContainerOom);
    CHECK(r[4].text() == "CONTAINER_ALERT oom host=db?");
    CHECK(r[5].kind == LogRuleKind::ContainerUnhealthy);
    CHECK(r[6].kind == LogRuleKind::ContainerRestarts);
    CHECK(r[6].count == 3);
    CHECK(r[6].within == 60);
    CHECK(r[7].kind == LogRuleKind::SshFailures);
    CHECK(r[7].per_source);
    CHECK(r[7].text() == "SSH_ALERT failures 30 WITHIN 60 per-source");
    CHECK_FALSE(r[8].per_source);
    CHECK(r[8].within == 3600);
    CHECK(r[9].kind == LogRuleKind::SshAccepted);
    CHECK(r[9].user_glob == "root");
    CHECK(r[9].text() == "SSH_ALERT accepted user=root host=bastion*");
    CHECK(r[10].user_glob.empty());
}

TEST_CASE("config: bad rule statements are problems naming the line", "[config][log-rules]") {
    struct Row {
        const char* text;
        const char* problem;
    };
    const Row rows[] = {
        {"LOG_ALERT oops",
         "conf/monitor:2: LOG_ALERT needs 'LOG_ALERT name /regex/ [host=glob] [COUNT n WITHIN seconds]'"},
        {"LOG_ALERT oops panic", "conf/monitor:2: LOG_ALERT regex must be written /regex/ (got 'panic')"},
        {"LOG_ALERT oops /panic", "conf/monitor:2: LOG_ALERT regex has no closing '/' (write a '/' inside it as \\/)"},
        {"LOG_ALERT oops /a/x",
         "conf/monitor:2: LOG_ALERT regex must end with '/' or '/i' and a space before what follows"},
        {"LOG_ALERT oops //", "conf/monitor:2: LOG_ALERT regex is empty"},
        {"LOG_ALERT oops /(unclosed/",
         "conf/monitor:2: LOG_ALERT regex '(unclosed' does not compile: Unmatched ( or \\("},
        {"LOG_ALERT oops /(a)\\1/",
         "conf/monitor:2: LOG_ALERT regex '(a)\\1' does not compile: back-references (\\1-\\9) are not supported"},
        {"LOG_ALERT o$ps /a/", "conf/monitor:2: LOG_ALERT name 'o$ps' must be letters, digits and . _ -"},
        {"LOG_ALERT oops /a/ COUNT 0 WITHIN 60",
         "conf/monitor:2: LOG_ALERT COUNT needs 'n WITHIN seconds' (n 1-10000, seconds 1-86400)"},
        {"LOG_ALERT oops /a/ COUNT 3",
         "conf/monitor:2: LOG_ALERT COUNT needs 'n WITHIN seconds' (n 1-10000, seconds 1-86400)"},
        {"LOG_ALERT oops /a/ host=", "conf/monitor:2: LOG_ALERT host= needs a glob of 1-255 bytes"},
        {"LOG_ALERT oops /a/ host=a host=b", "conf/monitor:2: LOG_ALERT host= is given twice"},
        {"LOG_ALERT oops /a/ source=x",
         "conf/monitor:2: LOG_ALERT does not know 'source=x'; LOG_ALERT needs 'LOG_ALERT name /regex/ [host=glob] "
         "[COUNT n WITHIN seconds]'"},
        {"CONTAINER_ALERT",
         "conf/monitor:2: CONTAINER_ALERT needs 'CONTAINER_ALERT die-nonzero | oom | unhealthy | restarts n WITHIN "
         "seconds [host=glob]'"},
        {"CONTAINER_ALERT exploded",
         "conf/monitor:2: CONTAINER_ALERT does not know 'exploded'; CONTAINER_ALERT needs 'CONTAINER_ALERT die-nonzero "
         "| oom | unhealthy | restarts n WITHIN seconds [host=glob]'"},
        {"CONTAINER_ALERT restarts 3 IN 60",
         "conf/monitor:2: CONTAINER_ALERT restarts needs 'n WITHIN seconds' (n 1-10000, seconds 1-86400)"},
        {"CONTAINER_ALERT restarts 3 WITHIN 86401",
         "conf/monitor:2: CONTAINER_ALERT restarts needs 'n WITHIN seconds' (n 1-10000, seconds 1-86400)"},
        {"CONTAINER_ALERT oom user=root",
         "conf/monitor:2: CONTAINER_ALERT does not know 'user=root'; CONTAINER_ALERT needs 'CONTAINER_ALERT "
         "die-nonzero | oom | unhealthy | restarts n WITHIN seconds [host=glob]'"},
        {"SSH_ALERT failures 30",
         "conf/monitor:2: SSH_ALERT failures needs 'n WITHIN seconds' (n 1-10000, seconds 1-86400)"},
        {"SSH_ALERT failures 30 WITHIN 60 per-user",
         "conf/monitor:2: SSH_ALERT does not know 'per-user'; SSH_ALERT needs 'SSH_ALERT failures n WITHIN seconds "
         "[per-source] [host=glob]' or 'SSH_ALERT accepted [user=glob] [host=glob]'"},
        {"SSH_ALERT failures 30 WITHIN 60 user=root",
         "conf/monitor:2: SSH_ALERT does not know 'user=root'; SSH_ALERT needs 'SSH_ALERT failures n WITHIN seconds "
         "[per-source] [host=glob]' or 'SSH_ALERT accepted [user=glob] [host=glob]'"},
        {"SSH_ALERT logins",
         "conf/monitor:2: SSH_ALERT does not know 'logins'; SSH_ALERT needs 'SSH_ALERT failures n WITHIN seconds "
         "[per-source] [host=glob]' or 'SSH_ALERT accepted [user=glob] [host=glob]'"},
    };
    for (const auto& row : rows) {
        INFO(row.text);
        CHECK(only_problem(std::string("ROLE=master\n") + row.text + "\n") == row.problem);
        CHECK(parse_config(std::string("ROLE=master\n") + row.text + "\n", "conf/monitor").config.log_rules.empty());
    }
}

TEST_CASE("config: a repeated rule replaces the earlier one, rules are bounded", "[config][log-rules]") {
    const auto parsed =
        parse_config("ROLE=master\nSSH_ALERT accepted\nCONTAINER_ALERT oom\nSSH_ALERT  accepted\n", "conf/monitor");
    REQUIRE(parsed.problems.size() == 1);
    CHECK(parsed.problems[0].describe() ==
          "conf/monitor:4: 'SSH_ALERT accepted' repeated (first on line 2); the last one applies");
    REQUIRE(parsed.config.log_rules.size() == 2);
    CHECK(parsed.config.log_rules[1].line == 4);

    std::string text = "ROLE=master\n";
    for (std::size_t i = 0; i <= niamd::config::kMaxLogRules; ++i) text += "LOG_ALERT r" + std::to_string(i) + " /x/\n";
    CHECK(only_problem(text) ==
          "conf/monitor:" + std::to_string(niamd::config::kMaxLogRules + 2) +
              ": too many LOG_ALERT, CONTAINER_ALERT and SSH_ALERT statements (more than 64); ignored");
}
