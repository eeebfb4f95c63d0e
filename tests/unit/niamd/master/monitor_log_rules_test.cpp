// LOG and EVENT records through the Monitor: SSH_ALERT raised and handed out once, RULE_CLEARED
// stored as history and never handed out to publish; suppressed alerts on the snapshot.
#include <catch2/catch.hpp>

#include "config/config_parser.hpp"
#include "monitor_fixture.hpp"
#include "protocol/log_record.hpp"
#include "protocol/record_encoder.hpp"

using niamd::store::AlertKind;
using test_support::MonitorFixture;

namespace {

niamd::config::HostConfig with_rules(const std::string& text) {
    auto config = test_support::short_timers(30, 600);
    auto parsed = niamd::config::parse_config("ROLE=master\n" + text, "conf/monitor");
    REQUIRE(parsed.problems.empty());
    config.log_rules = parsed.config.log_rules;
    return config;
}

niamd::protocol::Record failed_login(std::int64_t time, int n, const std::string& source) {
    niamd::protocol::Event event;
    event.kind = "ssh.failed";
    event.id = "ssh:" + std::to_string(n);
    event.time = time;
    event.fields = {{"user", "root"}, {"source", source}};
    return niamd::protocol::event_record("i-0000000000000001", "web1", event);
}

std::size_t stored(const MonitorFixture& f, AlertKind kind) {
    std::size_t n = 0;
    for (const auto& alert : f.store.alerts) n += alert.kind == kind ? 1 : 0;
    return n;
}

}  // namespace

TEST_CASE("log rules through the monitor: one SSH_ALERT handed out, its clear only stored", "[master][log-rules]") {
    MonitorFixture f(with_rules("SSH_ALERT failures 30 WITHIN 60\n"));
    f.start();
    f.ping("web1");
    std::vector<niamd::protocol::Record> records;
    for (int i = 0; i < 35; ++i) records.push_back(failed_login(f.now(), i, "203.0.113.5"));
    for (const auto& body : niamd::protocol::encode_messages(records)) f.deliver(body);
    f.round();
    REQUIRE(f.raised_of(AlertKind::SshAlert).size() == 1);
    CHECK(f.raised_of(AlertKind::SshAlert)[0].host.hostname == "web1");
    CHECK(f.raised_of(AlertKind::SshAlert)[0].subject.rfind("niam: SSH_ALERT web1 (i-0000000000000001): 30 failed",
                                                            0) == 0);
    f.run_for(65);                                       // the window empties: cleared
    CHECK(f.raised_of(AlertKind::RuleCleared).empty());  // never handed out to publish
    CHECK(stored(f, AlertKind::RuleCleared) == 1);
    CHECK(stored(f, AlertKind::SshAlert) == 1);
    for (const auto& alert : f.store.alerts) {
        if (alert.kind == AlertKind::RuleCleared) CHECK(alert.delivery == niamd::store::Delivery::Sent);
    }
    CHECK(f.monitor->counters().alerts_by_kind.at(AlertKind::RuleCleared) == 1);
    CHECK(f.monitor->snapshot(f.now())->counters.log_rule_alerts_suppressed == 0);
}

TEST_CASE("log rules through the monitor: alerts past the minute's bound are suppressed and counted",
          "[master][log-rules]") {
    MonitorFixture f(with_rules("SSH_ALERT failures 1 WITHIN 60 per-source\n"));
    f.start();
    f.ping("web1");
    std::vector<niamd::protocol::Record> records;
    for (int i = 0; i < 70; ++i) records.push_back(failed_login(f.now(), i, "198.51.100." + std::to_string(i)));
    for (const auto& body : niamd::protocol::encode_messages(records)) f.deliver(body);
    f.round();
    CHECK(stored(f, AlertKind::SshAlert) == niamd::master::kMaxRuleAlertsPerMinute);
    CHECK(f.monitor->snapshot(f.now())->counters.log_rule_alerts_suppressed ==
          70 - niamd::master::kMaxRuleAlertsPerMinute);
}
