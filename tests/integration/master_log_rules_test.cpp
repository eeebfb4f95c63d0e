// Master scenario: LOG_ALERT, CONTAINER_ALERT and SSH_ALERT on EVENT and LOG records sent
// through the local stack's SQS; the alerts arrive through the local stack's SNS (and in
// alert.log) exactly as counted, each once.
#include <catch2/catch.hpp>

#include <algorithm>
#include <thread>

#include "config/config_parser.hpp"
#include "daemon_process.hpp"
#include "fake_engine.hpp"
#include "local_stack.hpp"
#include "master_scenario.hpp"
#include "niamd_scenario.hpp"
#include "protocol/log_record.hpp"
#include "stack_helpers.hpp"

using namespace std::chrono_literals;
using scenario::MasterScenario;

namespace {

constexpr const char* kInstance = "i-0a00000000000013";

niamd::protocol::Record event(const std::string& host, const std::string& kind, std::int64_t time, int n,
                              std::vector<niamd::metrics::Tag> fields) {
    niamd::protocol::Event e;
    e.kind = kind;
    e.id = kind + ":" + std::to_string(time) + ":" + std::to_string(n);
    e.time = time;
    e.fields = std::move(fields);
    return niamd::protocol::event_record(kInstance, host, e);
}

niamd::protocol::Record docker(const std::string& host, const std::string& action, std::int64_t time, int n,
                               std::vector<niamd::metrics::Tag> more = {}) {
    std::vector<niamd::metrics::Tag> fields{
        {"container", "web"}, {"container_id", "c0ffee00c0ffee00"}, {"image", "nginx:1.27"}};
    fields.insert(fields.end(), more.begin(), more.end());
    return event(host, "docker." + action, time, n, std::move(fields));
}

}  // namespace

TEST_CASE("master: rules on events and lines through SQS raise each alert once through SNS",
          "[integration][master][log-rules]") {
    stack::FaultGuard faults;
    stack::LocalStack::get().reset_counts();
    MasterScenario s;
    s.config.warn_after = 30;
    s.config.purge_after = 600;
    const auto rules = niamd::config::parse_config(
        "ROLE=master\n"
        "SSH_ALERT failures 30 WITHIN 60\n"
        "CONTAINER_ALERT restarts 3 WITHIN 60\n"
        "CONTAINER_ALERT die-nonzero\n"
        "CONTAINER_ALERT oom\n"
        "LOG_ALERT panic /panic: [a-z ]+/\n",
        "conf/monitor");
    REQUIRE(rules.problems.empty());
    s.config.log_rules = rules.config.log_rules;
    s.start_master();

    const std::string host = stack::unique_name("rules");
    const auto ping = MasterScenario::ping(host, kInstance);
    const std::int64_t t = ping.time;
    s.send({ping});
    // 30 failed passwords from one address within 60 s, in three client cycles; then 5 more.
    int n = 0;
    for (int cycle = 0; cycle < 3; ++cycle) {
        std::vector<niamd::protocol::Record> records;
        for (int i = 0; i < 10; ++i, ++n) {
            records.push_back(
                event(host, "ssh.failed", t + n, n,
                      {{"user", "root"}, {"source", "203.0.113.77"}, {"port", std::to_string(40000 + n)}}));
        }
        s.send(records);
    }
    // A container restarted 3 times (3 restart events), a die with 137, a die with 0, an oom;
    // lines: one matching the LOG_ALERT twice in a burst, one not.
    std::vector<niamd::protocol::Record> records;
    for (int i = 0; i < 5; ++i, ++n) {
        records.push_back(event(host, "ssh.failed", t + 30, n, {{"user", "root"}, {"source", "203.0.113.77"}}));
    }
    for (int i = 0; i < 3; ++i) records.push_back(docker(host, "restart", t + i, n++));
    records.push_back(docker(host, "die", t + 4, n++, {{"exit_code", "137"}}));
    records.push_back(docker(host, "die", t + 5, n++, {{"exit_code", "0"}}));
    records.push_back(docker(host, "oom", t + 6, n++));
    niamd::protocol::LogLine line;
    line.source = "app";
    line.time = t + 1;
    for (const char* text : {"panic: index out of range", "all is well", "panic: index out of range"}) {
        line.seq++;
        line.line = text;
        records.push_back(niamd::protocol::log_record(kInstance, host, line));
    }
    s.send(records);

    const auto expected = [&] {
        return s.sns_count("SSH_ALERT", host) >= 1 && s.sns_count("CONTAINER_ALERT", host) >= 3 &&
               s.sns_count("LOG_ALERT", host) >= 1;
    };
    CHECK(MasterScenario::wait_until(expected, 20s));
    std::this_thread::sleep_for(2s);  // room for a duplicate to show, were there one
    CHECK(s.sns_count("SSH_ALERT", host) == 1);
    CHECK(s.sns_count("CONTAINER_ALERT", host) == 3);
    CHECK(s.sns_count("LOG_ALERT", host) == 1);
    CHECK(s.sns_count("RULE_CLEARED") == 0);  // history only, and none is due yet anyway
    CHECK(s.sns_alerts().size() == 5);
    std::vector<std::string> subjects;
    for (const auto& alert : s.sns_alerts()) subjects.push_back(alert.subject);
    const auto has_subject = [&](const std::string& start) {
        return std::any_of(subjects.begin(), subjects.end(),
                           [&](const std::string& subject) { return subject.rfind(start, 0) == 0; });
    };
    const std::string who = host + " (" + kInstance + "): ";
    CHECK(has_subject("niam: SSH_ALERT " + who + "30 failed logins within 60 s"));
    CHECK(has_subject("niam: CONTAINER_ALERT " + who + "3 restarts within 60 s"));
    CHECK(has_subject("niam: CONTAINER_ALERT " + who + "1 non-zero exit"));
    CHECK(has_subject("niam: CONTAINER_ALERT " + who + "1 out-of-memory kill"));
    CHECK(has_subject("niam: LOG_ALERT " + who + "panic: 1 matching line"));
    // alert.log holds the same ones.
    CHECK(s.log_count("SSH_ALERT", host) == 1);
    CHECK(s.log_count("CONTAINER_ALERT", host) == 3);
    CHECK(s.log_count("LOG_ALERT", host) == 1);
    s.stop_master();
    REQUIRE_NOTHING_REJECTED();
}

// The acceptance of issue #13 end to end: the fake Docker engine, the real niamd client with
// DOCKER, the local stack's SQS, the master, SNS. docker restart makes kill, die 0, stop,
// start and restart events; the fake's oom makes oom and a die 137.
TEST_CASE("master: a container restarted 3 times, a die 137 and an oom from the real client give 3 CONTAINER_ALERTs",
          "[integration][master][log-rules]") {
    stack::FaultGuard faults;
    scenario::FakeEngine engine;
    scenario::ConfigBucket bucket;
    scenario::ScratchDir client_dir;
    MasterScenario s;
    s.config.warn_after = 30;
    s.config.purge_after = 600;
    const auto rules = niamd::config::parse_config(
        "ROLE=master\nCONTAINER_ALERT restarts 3 WITHIN 60\nCONTAINER_ALERT die-nonzero\nCONTAINER_ALERT oom\n",
        "conf/monitor");
    REQUIRE(rules.problems.empty());
    s.config.log_rules = rules.config.log_rules;
    s.start_master();

    const std::string host = stack::unique_name("docker-rules");
    engine.control("/containers", R"({"name":"web","image":"nginx:1.27","start":true})");
    bucket.put_config(host, "INTERVAL 2\nMETRICS 0\nINVENTORY 0\nDOCKER socket=" + engine.socket() + "\n");
    const std::string queue_name = s.queue_url.substr(s.queue_url.rfind('/') + 1);
    scenario::DaemonProcess niamd(
        scenario::niamd_path(),
        {"-f", "-q", queue_name, "-b", bucket.name(), "-h", host, "--state-dir", (client_dir.path / "state").string(),
         "--log-dir", (client_dir.path / "log").string()},
        scenario::daemon_environment(), (client_dir.path / "out.log").string());
    niamd.start();
    REQUIRE(niamd.wait_for_output("docker: following the engine at", 30s));
    for (int i = 0; i < 3; ++i) engine.control("/containers/web/restart");
    engine.control("/containers/web/die", R"({"exitCode":137})");
    engine.control("/containers/web/start");
    engine.control("/containers/web/oom");

    CHECK(MasterScenario::wait_until([&] { return s.sns_count("CONTAINER_ALERT", host) >= 3; }, 40s));
    std::this_thread::sleep_for(4s);  // two more client cycles: room for a duplicate to show, were there one
    INFO(niamd.output());
    CHECK(s.sns_count("CONTAINER_ALERT", host) == 3);
    std::vector<std::string> subjects;
    for (const auto& alert : s.sns_alerts()) {
        if (alert.kind == "CONTAINER_ALERT") subjects.push_back(alert.subject);
    }
    std::sort(subjects.begin(), subjects.end());
    const std::string who = "niam: CONTAINER_ALERT " + host + " (";
    REQUIRE(subjects.size() == 3);
    // Sorted by what follows the host: "1 non-zero exit", "1 out-of-memory kill", "3 restarts".
    CHECK(subjects[0].find("): 1 non-zero exit") != std::string::npos);
    CHECK(subjects[1].find("): 1 out-of-memory kill") != std::string::npos);
    CHECK(subjects[2].find("): 3 restarts within 60 s") != std::string::npos);
    for (const auto& subject : subjects) CHECK(subject.rfind(who, 0) == 0);
    CHECK(s.log_count("CONTAINER_ALERT", host) == 3);
    niamd.stop();
    s.stop_master();
    REQUIRE_NOTHING_REJECTED();
}
