// The clients' outbox samples (niamd.outbox.*) on the master: per host the latest drop counts
// by kind and the backlog in the snapshot, a lower count taken as a counter reset, late
// messages and samples that are no count changing nothing, forgotten with the host.
#include <catch2/catch.hpp>

#include "client/outbox.hpp"
#include "client/outbox_metrics.hpp"
#include "monitor_fixture.hpp"
#include "protocol/log_record.hpp"
#include "protocol/metric_record.hpp"
#include "protocol/record_encoder.hpp"
#include "support/temp_dir.hpp"

using test_support::MonitorFixture;

namespace {

const niamd::store::HostKey kWeb1{"web1", "i-0000000000000001"};

niamd::protocol::Record sample(std::int64_t time, const std::string& name, std::vector<niamd::metrics::Tag> tags,
                               double value, const std::string& unit = "") {
    niamd::metrics::Sample s;
    s.name = name;
    s.tags = std::move(tags);
    s.unit = unit;
    s.value = value;
    s.time = time;
    return niamd::protocol::metric_record(kWeb1.instance, kWeb1.hostname, s, time);
}

// What a client sends with a heartbeat: its PING and its outbox's samples.
// log < 0: no kind=log sample, as from a client older than that kind.
std::string heartbeat(std::int64_t time, double metric, double check, double ping, double records, double bytes = 0,
                      double log = -1) {
    std::vector<niamd::protocol::Record> records_sent{
        MonitorFixture::ping_record(kWeb1.hostname, time),
        sample(time, "niamd.outbox.dropped", {{"kind", "metric"}}, metric, "c"),
        sample(time, "niamd.outbox.dropped", {{"kind", "check"}}, check, "c"),
        sample(time, "niamd.outbox.dropped", {{"kind", "ping"}}, ping, "c"),
        sample(time, "niamd.outbox.records", {}, records),
        sample(time, "niamd.outbox.bytes", {}, bytes, "B"),
    };
    if (log >= 0) records_sent.push_back(sample(time, "niamd.outbox.dropped", {{"kind", "log"}}, log, "c"));
    return niamd::protocol::encode_messages(records_sent)[0];
}

niamd::master::ClientOutbox outbox_of(const MonitorFixture& f, const niamd::store::HostKey& host = kWeb1) {
    const auto snapshot = f.monitor->snapshot(f.now());
    for (const auto& view : snapshot->hosts) {
        if (view.host.key == host) return view.outbox;
    }
    FAIL("no host " << host.hostname << " in the snapshot");
    return {};
}

using Drops = std::array<std::uint64_t, 4>;  // metric, check, ping, log

}  // namespace

TEST_CASE("client outbox: a host's latest drop counts and backlog reach its snapshot", "[master]") {
    MonitorFixture f(test_support::short_timers(30, 60));
    f.start();
    f.ping("web1");
    f.round();
    CHECK_FALSE(outbox_of(f).reported);  // nothing said yet: shown as nothing, not as 0
    f.deliver(heartbeat(f.now(), 12, 3, 1, 40, 5120));
    f.round();
    auto outbox = outbox_of(f);
    CHECK(outbox.reported);
    CHECK(outbox.dropped == Drops{12, 3, 1});
    CHECK(outbox.records == 40);
    CHECK(outbox.bytes == 5120);
    f.advance(30);
    f.deliver(heartbeat(f.now(), 20, 3, 1, 0, 0));
    f.round();
    outbox = outbox_of(f);
    CHECK(outbox.dropped == Drops{20, 3, 1});
    CHECK(outbox.records == 0);
    CHECK(outbox.bytes == 0);
    // Still stored as the host's metric samples, too.
    CHECK(f.store.samples.size() == 10);
}

TEST_CASE("client outbox: a client's log drops are shown as their own kind", "[master]") {
    MonitorFixture f(test_support::short_timers(30, 60));
    f.start();
    f.deliver(heartbeat(f.now(), 2, 0, 0, 5, 100, 700));
    f.round();
    CHECK(outbox_of(f).dropped == Drops{2, 0, 0, 700});
    f.advance(30);
    f.deliver(heartbeat(f.now(), 2, 0, 0, 0, 0, 1250));
    f.round();
    CHECK(outbox_of(f).dropped == Drops{2, 0, 0, 1250});
}

TEST_CASE("client outbox: a lower count is a reset and the host's total keeps what came before", "[master]") {
    MonitorFixture f(test_support::short_timers(30, 60));
    f.start();
    f.deliver(heartbeat(f.now(), 5, 7, 0, 0));
    f.advance(30);
    f.deliver(heartbeat(f.now(), 8, 7, 0, 0));
    f.round();
    CHECK(outbox_of(f).dropped == Drops{8, 7, 0});
    // The client's spool file was lost: its counts start again from 0.
    f.advance(30);
    f.deliver(heartbeat(f.now(), 2, 0, 0, 0));
    f.round();
    CHECK(outbox_of(f).dropped == Drops{10, 7, 0});
    f.advance(30);
    f.deliver(heartbeat(f.now(), 4, 1, 0, 0));
    f.round();
    CHECK(outbox_of(f).dropped == Drops{12, 8, 0});
}

TEST_CASE("client outbox: a late message older than the counts taken changes nothing", "[master]") {
    MonitorFixture f(test_support::short_timers(30, 60));
    f.start();
    const std::int64_t first = f.now();
    f.advance(20);
    f.deliver(heartbeat(f.now(), 9, 2, 0, 3));
    // The message of 20 s ago arrives after the newer one: not a reset.
    f.deliver(heartbeat(first, 4, 1, 0, 70));
    f.round();
    const auto outbox = outbox_of(f);
    CHECK(outbox.dropped == Drops{9, 2, 0});
    CHECK(outbox.records == 3);
}

TEST_CASE("client outbox: unknown kinds and values that are no count are ignored", "[master]") {
    MonitorFixture f(test_support::short_timers(30, 60));
    f.start();
    f.deliver(heartbeat(f.now(), 6, 0, 0, 2));
    f.advance(1);
    f.deliver(niamd::protocol::encode_messages({
        sample(f.now(), "niamd.outbox.dropped", {{"kind", "other"}}, 1000, "c"),
        sample(f.now(), "niamd.outbox.dropped", {}, 1000, "c"),
        sample(f.now(), "niamd.outbox.dropped", {{"kind", "metric"}}, -5, "c"),
        sample(f.now(), "niamd.outbox.dropped", {{"kind", "check"}}, 1e300, "c"),
        sample(f.now(), "niamd.outbox.records", {{"kind", "metric"}}, 99),
    })[0]);
    f.round();
    const auto outbox = outbox_of(f);
    CHECK(outbox.dropped == Drops{6, 0, 0});
    CHECK(outbox.records == 2);
}

TEST_CASE("client outbox: forgotten with its host when the host is purged", "[master]") {
    MonitorFixture f(test_support::short_timers(3, 8));
    f.start();
    f.deliver(heartbeat(f.now(), 6, 1, 0, 2));
    f.round();
    f.run_for(8);
    REQUIRE(f.monitor->hosts().find(kWeb1) == nullptr);
    f.ping("web1");  // back: a new host, with nothing said of its outbox yet
    f.round();
    CHECK_FALSE(outbox_of(f).reported);
    CHECK(outbox_of(f).dropped == Drops{0, 0, 0});
}

TEST_CASE("client outbox: what a client's outbox sends is what the master shows", "[master]") {
    test_support::TempDir dir("niam-outbox");
    niamd::client::Outbox outbox(dir.path() / "spool", 4096);
    MonitorFixture f(test_support::short_timers(30, 60));
    f.start();
    for (int i = 0; i < 100; ++i) {
        niamd::metrics::Sample s{"cpu.user_pct", {}, "%", static_cast<double>(i), f.now()};
        REQUIRE(outbox.append({niamd::protocol::metric_record(kWeb1.instance, kWeb1.hostname, s, f.now())}));
        REQUIRE(outbox.append({niamd::protocol::log_record(
            kWeb1.instance, kWeb1.hostname,
            {"app", static_cast<std::uint64_t>(i + 1), f.now(), "a line of the app", "", 0})}));
    }
    REQUIRE(outbox.dropped().metric > 0);
    REQUIRE(outbox.dropped().log > 0);
    f.deliver(niamd::protocol::encode_messages(niamd::client::outbox_metric_records(
        {kWeb1.instance, kWeb1.hostname}, outbox, {outbox.size(), outbox.bytes()}, f.now()))[0]);
    f.round();
    const auto shown = outbox_of(f);
    CHECK(shown.dropped ==
          Drops{outbox.dropped().metric, outbox.dropped().check, outbox.dropped().ping, outbox.dropped().log});
    CHECK(shown.records == outbox.size());
    CHECK(shown.bytes == outbox.bytes());
}
