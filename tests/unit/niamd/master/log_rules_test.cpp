// LogRules: LOG_ALERT, CONTAINER_ALERT and SSH_ALERT — sliding windows on the lines' and
// events' times, alerts on change only, clears on tick(), bounds. No sleeping: every time is
// passed in.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "config/config_parser.hpp"
#include "master/log_rules.hpp"

using niamd::master::LogRules;
using niamd::master::RuleAlert;
using niamd::protocol::Event;
using niamd::protocol::LogLine;
using niamd::store::AlertKind;
using niamd::store::HostKey;

namespace {

const HostKey kWeb1{"web1", "i-0abc"};
const HostKey kDb1{"db1", "i-0def"};
constexpr std::int64_t kT0 = 1700000000;

niamd::config::HostConfig config_of(const std::string& text) {
    auto parsed = niamd::config::parse_config("ROLE=master\n" + text, "conf/monitor");
    for (const auto& problem : parsed.problems) INFO(problem.describe());
    REQUIRE(parsed.problems.empty());
    return parsed.config;
}

Event event(std::string kind, std::int64_t time, std::vector<niamd::metrics::Tag> fields) {
    Event e;
    e.kind = std::move(kind);
    static std::uint64_t next_id = 0;  // each event its own id (one sent again keeps its id)
    e.id = "e-" + std::to_string(++next_id);
    e.time = time;
    e.fields = std::move(fields);
    return e;
}

Event ssh_failed(std::int64_t time, std::string source, std::string user = "root") {
    return event("ssh.failed", time, {{"user", std::move(user)}, {"source", std::move(source)}, {"port", "50022"}});
}

Event docker(std::string action, std::int64_t time, std::vector<niamd::metrics::Tag> more = {}) {
    std::vector<niamd::metrics::Tag> fields{
        {"container", "web"}, {"container_id", "0123456789abcdef"}, {"image", "nginx:1.25"}};
    fields.insert(fields.end(), more.begin(), more.end());
    return event("docker." + action, time, std::move(fields));
}

LogLine line(std::string text, std::int64_t time, std::string source = "app") {
    LogLine l;
    l.source = std::move(source);
    static std::uint64_t next_seq = 0;  // each line its own seq (one sent again keeps its seq)
    l.seq = ++next_seq;
    l.time = time;
    l.line = std::move(text);
    return l;
}

std::size_t count_kind(const std::vector<RuleAlert>& alerts, AlertKind kind) {
    std::size_t n = 0;
    for (const auto& alert : alerts) n += alert.kind == kind ? 1 : 0;
    return n;
}

void append(std::vector<RuleAlert>& all, std::vector<RuleAlert> more) {
    for (auto& alert : more) all.push_back(std::move(alert));
}

}  // namespace

TEST_CASE("log rules: 30 failed SSH logins from one address in 60 s give exactly one SSH_ALERT",
          "[master][log-rules]") {
    LogRules rules(config_of("SSH_ALERT failures 30 WITHIN 60\n"));
    std::vector<RuleAlert> alerts;
    for (int i = 0; i < 29; ++i) {
        append(alerts, rules.apply_event(kWeb1, ssh_failed(kT0 + 2 * i, "203.0.113.9"), kT0 + 2 * i));
    }
    CHECK(alerts.empty());  // 29: not yet
    append(alerts, rules.apply_event(kWeb1, ssh_failed(kT0 + 58, "203.0.113.9"), kT0 + 58));
    REQUIRE(alerts.size() == 1);
    CHECK(alerts[0].kind == AlertKind::SshAlert);
    CHECK(alerts[0].host == kWeb1);
    CHECK(alerts[0].detail ==
          "30 failed logins within 60 s, last from \"203.0.113.9\" (user \"root\") (SSH_ALERT failures 30 WITHIN 60, "
          "line 2)");
    // The 31st and more while the window holds events: no new alert.
    for (int i = 0; i < 20; ++i)
        append(alerts, rules.apply_event(kWeb1, ssh_failed(kT0 + 59 + i, "203.0.113.9"), kT0 + 59 + i));
    append(alerts, rules.tick(kT0 + 80));
    CHECK(alerts.size() == 1);
    // 60 s without a failure: cleared once, in history.
    append(alerts, rules.tick(kT0 + 78 + 60));
    REQUIRE(alerts.size() == 2);
    CHECK(alerts[1].kind == AlertKind::RuleCleared);
    CHECK(alerts[1].detail ==
          "clear, nothing for 60 s (50 failed logins since 2023-11-14T22:14:18Z) "
          "(SSH_ALERT failures 30 WITHIN 60, line 2)");
    CHECK(rules.size() == 0);
    // A new burst after the window: a second alert.
    for (int i = 0; i < 30; ++i)
        append(alerts, rules.apply_event(kWeb1, ssh_failed(kT0 + 200 + i, "203.0.113.9"), kT0 + 200 + i));
    CHECK(count_kind(alerts, AlertKind::SshAlert) == 2);
    CHECK(alerts.size() == 3);
}

TEST_CASE("log rules: failures spread wider than the window never alert", "[master][log-rules]") {
    LogRules rules(config_of("SSH_ALERT failures 3 WITHIN 60\n"));
    std::vector<RuleAlert> alerts;
    for (int i = 0; i < 10; ++i) {
        append(alerts, rules.apply_event(kWeb1, ssh_failed(kT0 + 31 * i, "203.0.113.9"), kT0 + 31 * i));
        append(alerts, rules.tick(kT0 + 31 * i));
    }
    CHECK(alerts.empty());  // never 3 within 60 s: 2 at most
}

TEST_CASE("log rules: invalid users count as failures, per-source tells addresses apart", "[master][log-rules]") {
    LogRules per_host(config_of("SSH_ALERT failures 4 WITHIN 60\n"));
    LogRules per_source(config_of("SSH_ALERT failures 4 WITHIN 60 per-source\n"));
    std::vector<RuleAlert> host_alerts;
    std::vector<RuleAlert> source_alerts;
    for (int i = 0; i < 2; ++i) {
        for (const char* source : {"198.51.100.1", "198.51.100.2"}) {
            const auto failed = ssh_failed(kT0 + i, source);
            const auto invalid = event("ssh.invalid_user", kT0 + i, {{"user", "admin"}, {"source", source}});
            append(host_alerts, per_host.apply_event(kWeb1, failed, kT0 + i));
            append(host_alerts, per_host.apply_event(kWeb1, invalid, kT0 + i));
            append(source_alerts, per_source.apply_event(kWeb1, failed, kT0 + i));
            append(source_alerts, per_source.apply_event(kWeb1, invalid, kT0 + i));
        }
    }
    // 8 on the host: one alert at the 4th; 4 from each address: one alert each.
    CHECK(host_alerts.size() == 1);
    REQUIRE(source_alerts.size() == 2);
    CHECK(source_alerts[0].detail.find("from \"198.51.100.1\"") != std::string::npos);
    CHECK(source_alerts[1].detail.find("from \"198.51.100.2\"") != std::string::npos);
    // Another host is another window.
    CHECK(per_host.apply_event(kDb1, ssh_failed(kT0 + 3, "198.51.100.1"), kT0 + 3).empty());
    // ssh.accepted and ssh.closed_preauth are no failures.
    LogRules strict(config_of("SSH_ALERT failures 1 WITHIN 60\n"));
    CHECK(strict.apply_event(kWeb1, event("ssh.accepted", kT0, {{"user", "deploy"}, {"source", "10.0.0.1"}}), kT0)
              .empty());
    CHECK(strict.apply_event(kWeb1, event("ssh.closed_preauth", kT0, {{"source", "10.0.0.1"}}), kT0).empty());
}

TEST_CASE("log rules: SSH_ALERT accepted with a user glob and a host glob", "[master][log-rules]") {
    LogRules rules(config_of("SSH_ALERT accepted user=ro* host=db*\n"));
    const auto root_login =
        event("ssh.accepted", kT0, {{"user", "root"}, {"method", "publickey"}, {"source", "10.0.0.7"}});
    CHECK(rules.apply_event(kWeb1, root_login, kT0).empty());  // not a db host
    const auto deploy = event("ssh.accepted", kT0, {{"user", "deploy"}, {"source", "10.0.0.7"}});
    CHECK(rules.apply_event(kDb1, deploy, kT0).empty());  // not a user the glob names
    auto alerts = rules.apply_event(kDb1, root_login, kT0);
    REQUIRE(alerts.size() == 1);
    CHECK(alerts[0].kind == AlertKind::SshAlert);
    CHECK(alerts[0].detail ==
          "1 accepted login, user \"root\" from \"10.0.0.7\" by \"publickey\" "
          "(SSH_ALERT accepted user=ro* host=db*, line 2)");
    // The same login again soon: the same burst. From another address: a new alert.
    CHECK(rules.apply_event(kDb1, root_login, kT0 + 10).empty());
    const auto elsewhere = event("ssh.accepted", kT0 + 11, {{"user", "root"}, {"source", "10.0.0.8"}});
    CHECK(rules.apply_event(kDb1, elsewhere, kT0 + 11).size() == 1);
}

TEST_CASE("log rules: 3 restarts within 60 s give one CONTAINER_ALERT, 2 none", "[master][log-rules]") {
    LogRules rules(config_of("CONTAINER_ALERT restarts 3 WITHIN 60\n"));
    std::vector<RuleAlert> alerts;
    append(alerts, rules.apply_event(kWeb1, docker("restart", kT0), kT0));
    append(alerts, rules.apply_event(kWeb1, docker("restart", kT0 + 20), kT0 + 20));
    CHECK(alerts.empty());
    // Other events of the container do not count.
    append(alerts, rules.apply_event(kWeb1, docker("start", kT0 + 21), kT0 + 21));
    append(alerts, rules.apply_event(kWeb1, docker("die", kT0 + 22, {{"exit_code", "1"}}), kT0 + 22));
    CHECK(alerts.empty());
    append(alerts, rules.apply_event(kWeb1, docker("restart", kT0 + 40), kT0 + 40));
    REQUIRE(alerts.size() == 1);
    CHECK(alerts[0].kind == AlertKind::ContainerAlert);
    CHECK(alerts[0].detail ==
          "3 restarts within 60 s, container \"web\" (image \"nginx:1.25\") "
          "(CONTAINER_ALERT restarts 3 WITHIN 60, line 2)");
    // Another container on the same host has its own window.
    auto other = docker("restart", kT0 + 41);
    other.fields = {{"container", "db"}, {"container_id", "fedcba9876543210"}};
    CHECK(rules.apply_event(kWeb1, other, kT0 + 41).empty());

    LogRules twice(config_of("CONTAINER_ALERT restarts 3 WITHIN 60\n"));
    CHECK(twice.apply_event(kWeb1, docker("restart", kT0), kT0).empty());
    CHECK(twice.apply_event(kWeb1, docker("restart", kT0 + 59), kT0 + 59).empty());
    CHECK(twice.tick(kT0 + 200).empty());  // cleared without an alert: none was raised
    CHECK(twice.size() == 0);
}

TEST_CASE("log rules: a die with a non-zero exit code and an oom alert, a die with 0 does not", "[master][log-rules]") {
    LogRules rules(config_of("CONTAINER_ALERT die-nonzero\nCONTAINER_ALERT oom\nCONTAINER_ALERT unhealthy\n"));
    CHECK(rules.apply_event(kWeb1, docker("die", kT0, {{"exit_code", "0"}}), kT0).empty());
    CHECK(rules.apply_event(kWeb1, docker("die", kT0, {}), kT0).empty());  // no code: not known to be non-zero
    auto died = rules.apply_event(kWeb1, docker("die", kT0 + 1, {{"exit_code", "137"}}), kT0 + 1);
    REQUIRE(died.size() == 1);
    CHECK(died[0].kind == AlertKind::ContainerAlert);
    CHECK(died[0].detail ==
          "1 non-zero exit, container \"web\" (image \"nginx:1.25\") exited with code \"137\" "
          "(CONTAINER_ALERT die-nonzero, line 2)");
    auto oom = rules.apply_event(kWeb1, docker("oom", kT0 + 1), kT0 + 1);
    REQUIRE(oom.size() == 1);
    CHECK(oom[0].detail ==
          "1 out-of-memory kill, container \"web\" (image \"nginx:1.25\") (CONTAINER_ALERT oom, line 3)");
    CHECK(rules.apply_event(kWeb1, docker("health_status", kT0 + 2, {{"health", "healthy"}}), kT0 + 2).empty());
    CHECK(rules.apply_event(kWeb1, docker("health_status", kT0 + 3, {{"health", "unhealthy"}}), kT0 + 3).size() == 1);
    // Not an ssh rule's business, nor a log line's.
    CHECK(rules.apply_event(kWeb1, ssh_failed(kT0 + 4, "10.0.0.1"), kT0 + 4).empty());
    CHECK(rules.apply_line(kWeb1, line("die 137 oom unhealthy", kT0 + 4), kT0 + 4).empty());
}

TEST_CASE("log rules: LOG_ALERT without COUNT fires once per burst of matching lines", "[master][log-rules]") {
    LogRules rules(config_of("LOG_ALERT panic /panic: .*/\n"));
    std::vector<RuleAlert> alerts;
    append(alerts, rules.apply_line(kWeb1, line("all is well", kT0), kT0));
    CHECK(alerts.empty());
    append(alerts,
           rules.apply_line(kWeb1, line("panic: runtime error: \"index\" out of range\x1b[0m", kT0 + 1), kT0 + 1));
    REQUIRE(alerts.size() == 1);
    CHECK(alerts[0].kind == AlertKind::LogAlert);
    // The line quoted: '"' escaped, the control character a space.
    CHECK(alerts[0].detail ==
          "panic: 1 matching line, in \"app\": \"panic: runtime error: \\\"index\\\" out of range [0m\" "
          "(LOG_ALERT panic /panic: .*/, line 2)");
    for (int i = 2; i < 50; ++i) append(alerts, rules.apply_line(kWeb1, line("panic: again", kT0 + i), kT0 + i));
    CHECK(alerts.size() == 1);
    append(alerts, rules.tick(kT0 + 100));
    CHECK(alerts.size() == 1);  // 51 s since the last: still the burst
    append(alerts, rules.tick(kT0 + 109));
    REQUIRE(alerts.size() == 2);
    CHECK(alerts[1].kind == AlertKind::RuleCleared);
    CHECK(alerts[1].detail.rfind("panic: clear, nothing for 60 s (49 matching lines since ", 0) == 0);
    append(alerts, rules.apply_line(kWeb1, line("panic: once more", kT0 + 300), kT0 + 300));
    CHECK(count_kind(alerts, AlertKind::LogAlert) == 2);
    // Another host: its own alert.
    CHECK(rules.apply_line(kDb1, line("panic: db", kT0 + 300), kT0 + 300).size() == 1);
}

TEST_CASE("log rules: a new burst after an empty window alerts even before tick() sweeps", "[master][log-rules]") {
    LogRules rules(config_of("LOG_ALERT oops /oops/ COUNT 2 WITHIN 10\n"));
    CHECK(rules.apply_line(kWeb1, line("oops", kT0), kT0).empty());
    CHECK(rules.apply_line(kWeb1, line("oops", kT0 + 1), kT0 + 1).size() == 1);
    auto next = rules.apply_line(kWeb1, line("oops", kT0 + 20), kT0 + 20);
    REQUIRE(next.size() == 1);
    CHECK(next[0].kind == AlertKind::RuleCleared);
    CHECK(rules.apply_line(kWeb1, line("oops", kT0 + 21), kT0 + 21).size() == 1);
}

TEST_CASE("log rules: LOG_ALERT COUNT, host glob, ignore case and out-of-order lines", "[master][log-rules]") {
    LogRules rules(config_of("LOG_ALERT errors /error/i host=web* COUNT 3 WITHIN 10\n"));
    CHECK(rules.apply_line(kDb1, line("ERROR", kT0), kT0).empty());
    CHECK(rules.apply_line(kDb1, line("ERROR", kT0), kT0).empty());
    CHECK(rules.apply_line(kDb1, line("ERROR", kT0), kT0).empty());  // db1 is not web*
    CHECK(rules.apply_line(kWeb1, line("Error 1", kT0 + 5), kT0 + 5).empty());
    CHECK(rules.apply_line(kWeb1, line("error 2", kT0 + 20), kT0 + 20).empty());        // kT0 + 5 has left the window
    CHECK(rules.apply_line(kWeb1, line("late error", kT0 + 15), kT0 + 20).empty());     // late, still inside
    CHECK(rules.apply_line(kWeb1, line("too late error", kT0 + 2), kT0 + 20).empty());  // older than the window
    const auto alerts = rules.apply_line(kWeb1, line("ERROR 3", kT0 + 21), kT0 + 21);
    REQUIRE(alerts.size() == 1);
    CHECK(alerts[0].detail ==
          "errors: 3 matching lines within 10 s, in \"app\": \"ERROR 3\" "
          "(LOG_ALERT errors /error/i host=web* COUNT 3 WITHIN 10, line 2)");
}

TEST_CASE("log rules: a 1 MiB line is matched on its first 4 KiB without a crash", "[master][log-rules]") {
    LogRules rules(config_of("LOG_ALERT nested /(a|aa)*(b|c)+x$/\nLOG_ALERT tail /needle/\nLOG_ALERT head /^a+/\n"));
    std::string huge(1024 * 1024, 'a');
    huge.replace(huge.size() - 6, 6, "needle");
    const auto alerts = rules.apply_line(kWeb1, line(huge, kT0), kT0);
    REQUIRE(alerts.size() == 1);  // only the head: the needle is past the first 4 KiB
    CHECK(alerts[0].detail.rfind("head: 1 matching line, in \"app\": \"aaaa", 0) == 0);
    CHECK(alerts[0].detail.size() < 400);
    CHECK(rules.long_lines() == 1);
    // A NUL byte is no end of the line.
    std::string with_nul("x\0needle", 8);
    CHECK(rules.apply_line(kDb1, line(with_nul, kT0), kT0).size() == 1);
}

TEST_CASE("log rules: windows per rule are bounded, evictions counted", "[master][log-rules]") {
    LogRules rules(config_of("SSH_ALERT failures 2 WITHIN 600 per-source\n"));
    for (std::size_t i = 0; i < niamd::master::kMaxWindowsPerRule + 10; ++i) {
        const std::string source =
            "10." + std::to_string(i / 65536) + "." + std::to_string((i / 256) % 256) + "." + std::to_string(i % 256);
        CHECK(rules.apply_event(kWeb1, ssh_failed(kT0, source), kT0).empty());
    }
    CHECK(rules.size() == niamd::master::kMaxWindowsPerRule);
    CHECK(rules.evicted() == 10);
    // The first address was evicted: its second failure starts a new window (no alert); the
    // newest's second one alerts.
    CHECK(rules.apply_event(kWeb1, ssh_failed(kT0 + 1, "10.0.0.0"), kT0 + 1).empty());
    CHECK(rules.apply_event(kWeb1, ssh_failed(kT0 + 1, "10.0.16.9"), kT0 + 1).size() == 1);
}

TEST_CASE("log rules: at most kMaxRuleAlertsPerMinute alerts a minute, the rest suppressed and counted",
          "[master][log-rules]") {
    LogRules rules(config_of("SSH_ALERT failures 1 WITHIN 60 per-source\n"));
    std::size_t raised = 0;
    for (int i = 0; i < 100; ++i) {
        raised += rules.apply_event(kWeb1, ssh_failed(kT0, "10.1.0." + std::to_string(i)), kT0).size();
    }
    CHECK(raised == niamd::master::kMaxRuleAlertsPerMinute);
    CHECK(rules.suppressed() == 100 - niamd::master::kMaxRuleAlertsPerMinute);
    // The suppressed ones clear without a record; the raised ones with one.
    CHECK(rules.tick(kT0 + 60).size() == niamd::master::kMaxRuleAlertsPerMinute);
    // A minute later the budget is back.
    CHECK(rules.apply_event(kWeb1, ssh_failed(kT0 + 61, "10.1.0.1"), kT0 + 61).size() == 1);
}

TEST_CASE("log rules: a reload keeps the windows of unchanged rules and forget() drops a host's",
          "[master][log-rules]") {
    LogRules rules(config_of("SSH_ALERT failures 2 WITHIN 60\nCONTAINER_ALERT oom\n"));
    CHECK(rules.apply_event(kWeb1, ssh_failed(kT0, "10.0.0.1"), kT0).empty());
    rules.configure(config_of("# a comment moves the lines\nCONTAINER_ALERT oom\nSSH_ALERT failures 2 WITHIN 60\n"));
    const auto alerts = rules.apply_event(kWeb1, ssh_failed(kT0 + 1, "10.0.0.1"), kT0 + 1);
    REQUIRE(alerts.size() == 1);
    CHECK(alerts[0].detail.find("line 4)") != std::string::npos);
    rules.configure(config_of("SSH_ALERT failures 3 WITHIN 60\n"));  // another rule: a new window
    CHECK(rules.size() == 0);
    CHECK(rules.apply_event(kWeb1, ssh_failed(kT0 + 2, "10.0.0.1"), kT0 + 2).empty());
    CHECK(rules.apply_event(kDb1, ssh_failed(kT0 + 2, "10.0.0.1"), kT0 + 2).empty());
    CHECK(rules.size() == 2);
    rules.forget(kWeb1);
    CHECK(rules.size() == 1);
}

// A client that crashed reads again the lines and events after its last kept position and
// sends them with the numbers they had: the store ignores them, so do the rules.
TEST_CASE("log rules: lines and events sent again after a client crash are counted once", "[master][log-rules]") {
    LogRules rules(config_of("LOG_ALERT panic /panic/ COUNT 3 WITHIN 60\nSSH_ALERT failures 3 WITHIN 60\n"));
    std::vector<LogLine> lines{line("panic 1", kT0), line("panic 2", kT0 + 1)};
    std::vector<Event> events{ssh_failed(kT0, "203.0.113.9"), ssh_failed(kT0 + 1, "203.0.113.9")};
    for (int round = 0; round < 3; ++round) {  // the first time, then sent again twice
        for (const auto& l : lines) CHECK(rules.apply_line(kWeb1, l, kT0 + 2).empty());
        for (const auto& e : events) CHECK(rules.apply_event(kWeb1, e, kT0 + 2).empty());
    }
    CHECK(rules.repeated() == 8);
    // The same seq from another host, or from another source, is its own line.
    auto other = lines[0];
    other.source = "other";
    CHECK(rules.apply_line(kDb1, lines[0], kT0 + 2).empty());
    CHECK(rules.apply_line(kWeb1, other, kT0 + 2).size() == 1);  // the third panic of web1
    CHECK(rules.apply_event(kWeb1, ssh_failed(kT0 + 2, "203.0.113.9"), kT0 + 2).size() == 1);
    CHECK(rules.repeated() == 8);
    // Lines no rule selects are not remembered.
    CHECK(rules.apply_line(kWeb1, line("all is well", kT0 + 3), kT0 + 3).empty());
}

TEST_CASE("log rules: what was counted is remembered within a bound, the oldest forgotten", "[master][log-rules]") {
    niamd::master::CountedRecords counted;
    for (std::uint64_t seq = 1; seq <= niamd::master::kMaxCountedRecords + 10; ++seq) {
        REQUIRE(counted.first_line(kWeb1, "app", seq));
    }
    CHECK(counted.size() == niamd::master::kMaxCountedRecords);
    CHECK(counted.forgotten() == 10);
    CHECK(counted.first_line(kWeb1, "app", 5));  // forgotten: counts again
    CHECK_FALSE(counted.first_line(kWeb1, "app", niamd::master::kMaxCountedRecords + 10));
    CHECK(counted.first_event(kWeb1, "ssh:1"));
    CHECK_FALSE(counted.first_event(kWeb1, "ssh:1"));
    CHECK(counted.first_event(kWeb1, ""));  // no id: never taken for one sent again
    CHECK(counted.first_event(kWeb1, ""));
    counted.forget(kWeb1);
    CHECK(counted.size() == 0);
    CHECK(counted.first_event(kWeb1, "ssh:1"));
}
