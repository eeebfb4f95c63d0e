// METRIC records: samples into the round's batch, stored once, hosts admitted, bad tags and
// the series limit counted.
#include <catch2/catch.hpp>

#include "monitor_fixture.hpp"
#include "protocol/metric_record.hpp"
#include "protocol/record_encoder.hpp"

using test_support::MonitorFixture;

namespace {

niamd::protocol::Record metric(const std::string& host, std::int64_t time, const std::string& name,
                               std::vector<niamd::metrics::Tag> tags, double value, const std::string& unit = "%") {
    niamd::metrics::Sample sample;
    sample.name = name;
    sample.tags = std::move(tags);
    sample.unit = unit;
    sample.value = value;
    sample.time = time;
    return niamd::protocol::metric_record("i-0000000000000001", host, sample, time);
}

std::string body_of(const std::vector<niamd::protocol::Record>& records) {
    return niamd::protocol::encode_messages(records)[0];
}

}  // namespace

TEST_CASE("metrics: samples are stored with the round and a resent message stores nothing twice", "[master]") {
    MonitorFixture f(test_support::short_timers(30, 60));
    f.start();
    const auto body = body_of({MonitorFixture::ping_record("web1", f.now()),
                               metric("web1", f.now(), "fs.used_pct", {{"mount", "/"}}, 42.5),
                               metric("web1", f.now(), "load.1", {}, 0.25, "")});
    f.deliver({f.message(body)});
    CHECK(f.store.samples.empty());  // not before the commit
    f.round();
    REQUIRE(f.store.samples.size() == 2);
    CHECK(f.store.samples[0].hostname == "web1");
    CHECK(f.store.samples[0].name == "fs.used_pct");
    CHECK(f.store.samples[0].tags == "mount=/");
    CHECK(f.store.samples[0].unit == "%");
    CHECK(f.store.samples[0].value == 42.5);
    CHECK(f.store.samples[0].time == f.now());
    // The client resends the message (it never saw the SQS answer): a new message id.
    f.advance(1);
    f.deliver({f.message(body)});
    f.round();
    CHECK(f.store.samples.size() == 2);
    const auto& counters = f.monitor->counters();
    CHECK(counters.metric_samples_received == 4);
    CHECK(counters.metric_samples_stored == 2);
    CHECK(counters.metric_samples_duplicate == 2);
    CHECK(f.monitor->snapshot(f.now())->metric_series == 2);
}

TEST_CASE("metrics: a sample of an unknown host admits it like a check result", "[master]") {
    MonitorFixture f(test_support::short_timers(30, 60));
    f.start();
    f.deliver(body_of({metric("db1", f.now(), "cpu.user_pct", {}, 3)}));
    f.round();
    REQUIRE(f.monitor->hosts().find({"db1", "i-0000000000000001"}) != nullptr);
    CHECK(f.store.hosts.count({"db1", "i-0000000000000001"}) == 1);
    CHECK(f.store.samples.size() == 1);
}

TEST_CASE("metrics: samples of a refused host are counted and not stored", "[master]") {
    auto config = test_support::short_timers(30, 60);
    config.max_hosts = 1;
    MonitorFixture f(config);
    f.start();
    f.ping("web1");
    f.deliver(body_of({metric("web2", f.now(), "cpu.user_pct", {}, 3)}));
    f.round();
    CHECK(f.store.samples.empty());
    CHECK(f.monitor->counters().metric_samples_host_refused == 1);
}

TEST_CASE("metrics: a record whose tags cannot be read is refused and counted and the rest applied", "[master]") {
    MonitorFixture f(test_support::short_timers(30, 60));
    f.start();
    const std::string t = std::to_string(f.now());
    f.deliver("i-0000000000000001,web1,PING," + t + "\n" + "i-0000000000000001,web1,METRIC,fs.used_pct,mount," + t +
              ",40,%\n" + "i-0000000000000001,web1,METRIC,fs.used_pct,mount=%zz," + t + ",41,%\n" +
              "i-0000000000000001,web1,METRIC,fs.used_pct,mount=/," + t + ",42,%");
    f.round();
    REQUIRE(f.store.samples.size() == 1);
    CHECK(f.store.samples[0].value == 42);
    CHECK(f.monitor->counters().metric_samples_bad_tags == 2);
    CHECK(f.monitor->counters().metric_samples_received == 3);
    CHECK(f.store.beats.size() == 1);
}

TEST_CASE("metrics: samples wait in the round while the store cannot be written", "[master]") {
    MonitorFixture f(test_support::short_timers(30, 60));
    f.start();
    f.deliver(body_of({metric("web1", f.now(), "load.1", {}, 1, "")}));
    f.store.fail_commits = 1;
    f.monitor->tick(f.now());
    CHECK_FALSE(f.monitor->commit());
    CHECK(f.store.samples.empty());
    f.advance(1);
    f.deliver(body_of({metric("web1", f.now(), "load.1", {}, 2, "")}));
    f.round();
    REQUIRE(f.store.samples.size() == 2);
    CHECK(f.monitor->counters().metric_samples_stored == 2);
}

TEST_CASE("metrics: samples of new series past the per-host limit are counted", "[master]") {
    MonitorFixture f(test_support::short_timers(30, 60));
    f.start();
    std::vector<niamd::protocol::Record> records;
    for (std::size_t i = 0; i < niamd::store::kMaxSeriesPerHost + 3; ++i) {
        records.push_back(metric("web1", f.now(), "net.rx_bytes_per_s", {{"if", "veth" + std::to_string(i)}}, 1));
    }
    for (const auto& body : niamd::protocol::encode_messages(records)) f.deliver(body);
    f.round();
    CHECK(f.store.samples.size() == niamd::store::kMaxSeriesPerHost);
    CHECK(f.monitor->counters().metric_samples_series_limit == 3);
    CHECK(f.monitor->snapshot(f.now())->metric_series == niamd::store::kMaxSeriesPerHost);
}
