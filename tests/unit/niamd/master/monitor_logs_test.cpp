// LOG and EVENT records: lines and events into the round's batch and stored once, their
// hosts admitted like a sample's, and every drop counted (master/log_intake.hpp).
#include <catch2/catch.hpp>

#include "master/log_intake.hpp"
#include "monitor_fixture.hpp"
#include "protocol/log_record.hpp"
#include "protocol/record_encoder.hpp"

using test_support::MonitorFixture;

namespace {

constexpr const char* kInstance = "i-0000000000000001";

niamd::protocol::Record log_record(const std::string& host, std::int64_t time, const std::string& source,
                                   std::uint64_t seq, const std::string& text) {
    niamd::protocol::LogLine line;
    line.source = source;
    line.seq = seq;
    line.time = time;
    line.line = text;
    line.stream = source == "docker:web" ? "stderr" : "";
    return niamd::protocol::log_record(kInstance, host, line);
}

niamd::protocol::Record event_record(const std::string& host, std::int64_t time, const std::string& id) {
    niamd::protocol::Event event;
    event.kind = "ssh.failed";
    event.id = id;
    event.time = time;
    event.fields = {{"user", "root"}, {"source", "203.0.113.9"}, {"port", "5022"}};
    event.raw = "Failed password for root from 203.0.113.9 port 5022 ssh2";
    return niamd::protocol::event_record(kInstance, host, event);
}

std::vector<std::string> bodies_of(const std::vector<niamd::protocol::Record>& records) {
    return niamd::protocol::encode_messages(records);
}

}  // namespace

TEST_CASE("logs: lines and events are stored with the round and a resent message stores nothing twice", "[master]") {
    MonitorFixture f(test_support::short_timers(30, 60));
    f.start();
    const auto bodies = bodies_of({MonitorFixture::ping_record("web1", f.now()),
                                   log_record("web1", f.now() - 2, "/var/log/syslog", 7, "kernel: eth0 link up"),
                                   log_record("web1", f.now() - 1, "docker:web", 3, "GET / 500"),
                                   event_record("web1", f.now(), "ssh:41")});
    REQUIRE(bodies.size() == 1);
    f.deliver(bodies[0]);
    CHECK(f.store.log_lines.empty());  // not before the commit
    f.round();
    REQUIRE(f.store.log_lines.size() == 2);
    const auto& first = f.store.log_lines[0];
    CHECK(first.hostname == "web1");
    CHECK(first.instance == kInstance);
    CHECK(first.source == "/var/log/syslog");
    CHECK(first.seq == 7);
    CHECK(first.time == f.now() - 2);
    CHECK(first.line == "kernel: eth0 link up");
    CHECK(f.store.log_lines[1].stream == "stderr");
    REQUIRE(f.store.events.size() == 1);
    CHECK(f.store.events[0].kind == "ssh.failed");
    CHECK(f.store.events[0].id == "ssh:41");
    CHECK(f.store.events[0].fields == "user=root;source=203.0.113.9;port=5022");
    CHECK(f.store.events[0].raw == "Failed password for root from 203.0.113.9 port 5022 ssh2");

    // The client resends the message (it never saw the SQS answer): a new message id.
    f.advance(1);
    f.deliver(bodies[0]);
    f.round();
    CHECK(f.store.log_lines.size() == 2);
    CHECK(f.store.events.size() == 1);
    const auto& logs = f.monitor->counters().logs;
    CHECK(logs.lines_received == 4);
    CHECK(logs.lines_stored == 2);
    CHECK(logs.lines_duplicate == 2);
    CHECK(logs.events_received == 2);
    CHECK(logs.events_stored == 1);
    CHECK(logs.events_duplicate == 1);
}

TEST_CASE("logs: a line of an unknown host admits it, one of a refused host is counted", "[master]") {
    auto config = test_support::short_timers(30, 60);
    config.max_hosts = 1;
    MonitorFixture f(config);
    f.start();
    f.deliver(bodies_of({log_record("db1", f.now(), "journal", 1, "started")})[0]);
    f.round();
    CHECK(f.monitor->hosts().find({"db1", kInstance}) != nullptr);
    CHECK(f.store.log_lines.size() == 1);
    f.deliver(bodies_of({log_record("web2", f.now(), "journal", 1, "refused"), event_record("web2", f.now(), "x")})[0]);
    f.round();
    CHECK(f.store.log_lines.size() == 1);
    CHECK(f.store.events.empty());
    CHECK(f.monitor->counters().logs.lines_host_refused == 1);
    CHECK(f.monitor->counters().logs.events_host_refused == 1);
}

TEST_CASE("logs: a round keeps at most its bounds of lines per host, the rest counted", "[master]") {
    MonitorFixture f(test_support::short_timers(30, 60));
    f.start();
    std::vector<niamd::protocol::Record> records;
    for (std::uint64_t seq = 1; seq <= niamd::store::kMaxLogLinesPerHostBatch + 5; ++seq) {
        records.push_back(log_record("web1", f.now(), "app", seq, "line"));
    }
    records.push_back(log_record("web2", f.now(), "app", 1, "another host has its own bound"));
    std::vector<awsrest::SqsMessage> messages;
    for (auto& body : bodies_of(records)) messages.push_back(f.message(std::move(body)));
    f.deliver(messages);
    f.round();
    CHECK(f.store.log_lines.size() == niamd::store::kMaxLogLinesPerHostBatch + 1);
    CHECK(f.monitor->counters().logs.lines_host_full == 5);
    // The bound is per round: the next one takes the host's lines again.
    f.deliver(bodies_of({log_record("web1", f.now(), "app", 100000, "next round")})[0]);
    f.round();
    CHECK(f.store.log_lines.back().line == "next round");
}

TEST_CASE("logs: a backlog applied a message at a time asks for a commit before any bound drops a line", "[master]") {
    // A client back from an SQS outage: message after message of one host's lines. The master
    // applies one message, asks log_batch_full(), and writes the batch when it says so.
    MonitorFixture f(test_support::short_timers(30, 60));
    f.start();
    std::vector<niamd::protocol::Record> records;
    const std::uint64_t total = 3 * niamd::store::kMaxLogLinesPerHostBatch + 7;
    for (std::uint64_t seq = 1; seq <= total; ++seq) {
        records.push_back(log_record("web1", f.now(), "app", seq, "backlog line " + std::to_string(seq)));
    }
    const auto bodies = bodies_of(records);
    REQUIRE(bodies.size() > 4);
    std::size_t commits = 0;
    for (const auto& body : bodies) {
        f.deliver(body);
        if (f.monitor->log_batch_full()) {
            f.round();
            ++commits;
        }
    }
    f.round();
    CHECK(commits >= 3);
    CHECK(f.store.log_lines.size() == total);
    CHECK(f.monitor->counters().logs.lines_host_full == 0);
    CHECK(f.monitor->counters().logs.lines_batch_full == 0);
    CHECK_FALSE(f.monitor->log_batch_full());
}

TEST_CASE("logs: the intake counts unreadable records and the batch bound", "[master]") {
    niamd::master::LogIntake intake;
    niamd::master::LogCounters counters;
    niamd::store::Batch batch;
    const niamd::store::HostKey host{"web1", kInstance};
    auto bad_seq = log_record("web1", 1, "app", 1, "x");
    bad_seq.port_or_arg = "not-a-number";
    intake.add(batch, host, bad_seq, counters);
    auto bad_fields = event_record("web1", 1, "e1");
    bad_fields.output = "no-equals-sign";
    intake.add(batch, host, bad_fields, counters);
    CHECK(counters.lines_unreadable == 1);
    CHECK(counters.events_unreadable == 1);
    CHECK(batch.log_lines.empty());
    CHECK(batch.events.empty());

    // Many hosts fill the batch: past kMaxLogLinesPerBatch lines are dropped, whoever sends them.
    for (std::size_t i = 0; i < niamd::store::kMaxLogLinesPerBatch + 3; ++i) {
        const niamd::store::HostKey other{"host-" + std::to_string(i / 1000), kInstance};
        intake.add(batch, other, log_record(other.hostname, 1, "app", i + 1, "x"), counters);
    }
    CHECK(batch.log_lines.size() == niamd::store::kMaxLogLinesPerBatch);
    CHECK(counters.lines_batch_full == 3);
    CHECK(counters.lines_received == niamd::store::kMaxLogLinesPerBatch + 4);
}
