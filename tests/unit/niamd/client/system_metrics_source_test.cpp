// SystemMetricsSource over a fixture /proc and /sys, on explicit times (the loop's injected
// clock): METRICS schedules it, the first collection gives gauges, the second rates.
#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

#include "client/config_source.hpp"
#include "client/system_metrics_source.hpp"
#include "niamd/metrics/system_fixture.hpp"
#include "protocol/metric_record.hpp"
#include "support/temp_dir.hpp"

using niamd::client::ConfigSource;
using niamd::client::Source;
using niamd::client::SystemMetricsSource;
using niamd::protocol::Record;
using niamd::protocol::RecordKind;

namespace {

// A local config file the test rewrites; refresh() applies it.
struct LocalConfig {
    test_support::TempDir dir{"niam-msource"};
    ConfigSource source{nullptr, "", "web1", dir.path(), dir.path() / "niam.conf"};
    explicit LocalConfig(const std::string& text) { set(text); }
    void set(const std::string& text) {
        dir.write("niam.conf", text);
        source.refresh();
    }
};

const Record* find(const std::vector<Record>& records, const std::string& name, const std::string& tags = "") {
    for (const auto& record : records) {
        if (record.target == name && record.port_or_arg == tags) return &record;
    }
    return nullptr;
}

}  // namespace

TEST_CASE("system metrics source: METRICS sets the schedule and 0 turns it off") {
    metrics_fixture::Host host;
    LocalConfig config("METRICS 60\n");
    SystemMetricsSource source({"NOT-AWS", "web1"}, config.source, host.sources());
    CHECK(source.name() == "system-metrics");
    CHECK(source.next_due(1000) == 1000);  // at start
    source.collect(1000);
    CHECK(source.next_due(1001) == 1060);
    CHECK(source.next_due(1059) == 1060);  // asking does not move it
    config.set("METRICS 10\n");
    CHECK(source.next_due(1001) == 1010);  // a reload applies at the next ask
    config.set("METRICS 0\n");
    CHECK(source.next_due(1001) == Source::kNever);
    CHECK_FALSE(source.delivers_now());
}

TEST_CASE("system metrics source: the first collection gives gauges as METRIC records stamped with its time") {
    metrics_fixture::Host host;
    LocalConfig config("");
    SystemMetricsSource source({"i-0abc", "web1"}, config.source, host.sources());
    const auto records = source.collect(1700000100);
    REQUIRE_FALSE(records.empty());
    for (const auto& record : records) {
        CHECK(record.kind == RecordKind::Metric);
        CHECK(record.instance == "i-0abc");
        CHECK(record.hostname == "web1");
        CHECK(record.time == 1700000100);
    }
    const Record* load = find(records, "load.1");
    REQUIRE(load != nullptr);
    CHECK(load->value == Approx(0.20));
    const Record* used = find(records, "fs.used_pct", "mount=/");
    REQUIRE(used != nullptr);
    CHECK(used->unit == "%");
    CHECK(find(records, "net.rx_bytes_per_s", "if=eth0") == nullptr);  // a rate needs two collections
    CHECK(find(records, "proc.context_switches_per_s") == nullptr);
}

TEST_CASE("system metrics source: the second collection gives rates over the time between them") {
    metrics_fixture::Host host;
    LocalConfig config("METRICS 60\n");
    SystemMetricsSource source({"NOT-AWS", "web1"}, config.source, host.sources());
    source.collect(1000);
    host.counters.eth0_rx += 600000;  // 10,000 B/s over 60 s
    host.counters.ctxt += 6000;       // 100/s
    host.write_moving_files();
    const auto records = source.collect(1060);
    const Record* rx = find(records, "net.rx_bytes_per_s", "if=eth0");
    REQUIRE(rx != nullptr);
    CHECK(rx->value == Approx(10000));
    CHECK(rx->unit == "B/s");
    CHECK(rx->time == 1060);
    const Record* switches = find(records, "proc.context_switches_per_s");
    REQUIRE(switches != nullptr);
    CHECK(switches->value == Approx(100));
}

TEST_CASE("system metrics source: a counter going backwards gives no sample and the others still come") {
    metrics_fixture::Host host;
    LocalConfig config("");
    SystemMetricsSource source({"NOT-AWS", "web1"}, config.source, host.sources());
    source.collect(1000);
    host.counters.eth0_rx -= 1000;  // a reset interface
    host.counters.eth0_tx += 60000;
    host.write_moving_files();
    const auto records = source.collect(1060);
    CHECK(find(records, "net.rx_bytes_per_s", "if=eth0") == nullptr);
    const Record* tx = find(records, "net.tx_bytes_per_s", "if=eth0");
    REQUIRE(tx != nullptr);
    CHECK(tx->value == Approx(1000));
    for (const auto& record : records) CHECK(record.value >= 0);
}

TEST_CASE("system metrics source: an unreadable file costs its own samples only and is counted") {
    metrics_fixture::Host host;
    std::filesystem::remove(host.dir.path() / "proc/meminfo");
    LocalConfig config("");
    SystemMetricsSource source({"NOT-AWS", "web1"}, config.source, host.sources());
    const auto records = source.collect(1000);
    CHECK(find(records, "load.1") != nullptr);
    CHECK(find(records, "mem.used_pct") == nullptr);
    CHECK(source.counts().read_errors >= 1);
    CHECK(source.counts().last_error.find("meminfo") != std::string::npos);
}

TEST_CASE("system metrics source: records survive the trip to a sample and back") {
    metrics_fixture::Host host;
    LocalConfig config("");
    SystemMetricsSource source({"NOT-AWS", "web1"}, config.source, host.sources());
    for (const auto& record : source.collect(1000)) {
        const auto sample = niamd::protocol::sample_of(record);
        REQUIRE(sample.has_value());
        CHECK(sample->name == record.target);
    }
}
