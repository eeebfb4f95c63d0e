// Metric history, on SQLite and MariaDB: samples stored once, rollups kept as they are
// written, the series cap, the reads of the API and retention.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "store/metric_rows.hpp"
#include "store_backend.hpp"
#include "store_rows.hpp"

using namespace store_test;
using niamd::store::Batch;

namespace {

ns::MetricSampleRow sample(std::string name, std::string tags, std::int64_t time, double value,
                           std::string hostname = "web-1", std::string unit = "%") {
    ns::MetricSampleRow row;
    row.hostname = std::move(hostname);
    row.instance = "i-0123456789abcdef0";
    row.name = std::move(name);
    row.tags = std::move(tags);
    row.unit = std::move(unit);
    row.time = time;
    row.value = value;
    return row;
}

ns::HostKey web1() { return host("web-1"); }

Batch commit_samples(ns::HistoryStore& store, std::vector<ns::MetricSampleRow> samples) {
    Batch batch;
    batch.samples = std::move(samples);
    auto committed = store.commit(batch);
    if (!committed) FAIL("commit failed: " << committed.error().message);
    return batch;
}

template <class T>
T must(awsrest::Result<T> result) {
    if (!result) FAIL("store call failed: " << result.error().message);
    return std::move(result).value();
}

ns::MetricPoints points_of(ns::HistoryStore& store, const std::string& name, const std::string& tags,
                           std::int64_t since, std::int64_t until, std::size_t max = ns::kMaxMetricPoints) {
    auto points = must(store.metric_points(web1(), name, tags, since, until, max));
    if (!points) FAIL("no series " << name << " " << tags);
    return std::move(*points);
}

// ---------------------------------------------------------------------------------------

void samples_stored_once(StoreBackend& backend) {
    auto clock = clock_at();
    auto store = backend.open(clock);
    auto first = commit_samples(*store, {sample("cpu.user_pct", "", kNow - 60, 12.5),
                                         sample("fs.used_pct", "mount=/", kNow - 60, 40),
                                         sample("fs.used_pct", "mount=/boot", kNow - 60, 70.25),
                                         sample("cpu.user_pct", "", kNow - 60, 12.5)});  // twice in one batch
    CHECK(first.sample_outcome.stored == 3);
    CHECK(first.sample_outcome.duplicates == 1);
    CHECK(first.sample_outcome.series_created == 3);
    CHECK(first.sample_outcome.series_total == 3);
    // The same message again (redelivered, or resent by a restarted client): nothing new.
    auto again = commit_samples(*store, {sample("cpu.user_pct", "", kNow - 60, 12.5),
                                         sample("fs.used_pct", "mount=/", kNow - 60, 40)});
    CHECK(again.sample_outcome.stored == 0);
    CHECK(again.sample_outcome.duplicates == 2);
    CHECK(again.sample_outcome.series_created == 0);
    CHECK(backend.count("metric_samples") == 3);
    CHECK(backend.count("metric_series") == 3);
    CHECK(backend.query_int("SELECT samples FROM metric_rollups r JOIN metric_series s ON s.id = r.series_id "
                            "WHERE s.name = 'cpu.user_pct'") == 1);

    // Another instance of the store (a restarted master) sees the same, without its cache.
    auto reopened = backend.open(clock);
    auto third = commit_samples(*reopened, {sample("cpu.user_pct", "", kNow - 60, 12.5),
                                            sample("cpu.user_pct", "", kNow, 14)});
    CHECK(third.sample_outcome.stored == 1);
    CHECK(third.sample_outcome.duplicates == 1);
    CHECK(third.sample_outcome.series_total == 3);
    CHECK(backend.count("metric_samples") == 4);
}
STORE_TEST("metric samples are stored once however often they come", samples_stored_once)

// Samples go many rows per statement (256 at most, the rest in powers of two): duplicates
// in and across those statements are still found one by one, and only stored samples reach
// the rollups. Every sample is in a bucket of its own, so rollups span statements too.
void samples_stored_once_in_large_batches(StoreBackend& backend) {
    auto clock = clock_at();
    auto store = backend.open(clock);
    const std::int64_t base = ns::rollup_bucket(kNow) - 1000 * ns::kRollupSeconds;
    const char* const names[] = {"a", "b", "c"};
    const auto minutes = [&](int from, int to) {
        std::vector<ns::MetricSampleRow> rows;
        for (int i = from; i < to; ++i) {
            for (const char* name : names) rows.push_back(sample(name, "", base + i * ns::kRollupSeconds, i % 50));
            // Again in the same batch with another value: ignored, not rolled up.
            if (i >= 400 && i < 410) rows.push_back(sample("a", "", base + i * ns::kRollupSeconds, 1e6));
        }
        return rows;
    };
    auto first = commit_samples(*store, minutes(0, 300));  // 900 rows
    CHECK(first.sample_outcome.stored == 900);
    CHECK(first.sample_outcome.duplicates == 0);
    auto second = commit_samples(*store, minutes(200, 500));  // 910 rows: 300 stored before, 10 twice
    CHECK(second.sample_outcome.stored == 600);
    CHECK(second.sample_outcome.duplicates == 310);
    CHECK(backend.count("metric_samples") == 1500);
    CHECK(backend.count("metric_rollups") == 1500);
    CHECK(backend.query_int("SELECT SUM(samples) FROM metric_rollups") == 1500);
    CHECK(backend.query_int("SELECT COUNT(*) FROM metric_samples WHERE value >= 1000000") == 0);
    CHECK(backend.query_int("SELECT COUNT(*) FROM metric_rollups r JOIN metric_samples s ON s.series_id = r.series_id "
                            "AND s.time = r.bucket WHERE r.sum_value = s.value AND r.min_value = s.value "
                            "AND r.max_value = s.value AND r.samples = 1") == 1500);
    auto series = must(store->metric_series(web1()));
    REQUIRE(series.size() == 3);
    for (const auto& one : series) {
        CHECK(one.last_time == base + 499 * ns::kRollupSeconds);
        CHECK(one.last_value == 499 % 50);
    }
}
STORE_TEST("metric samples are stored once in batches of many statements", samples_stored_once_in_large_batches)

void latest_values(StoreBackend& backend) {
    auto clock = clock_at();
    auto store = backend.open(clock);
    commit_samples(*store, {sample("load.1", "", kNow - 120, 0.5, "web-1", ""),
                            sample("load.1", "", kNow - 60, 0.75, "web-1", ""),
                            sample("fs.used_pct", "mount=/", kNow - 60, 40),
                            sample("load.1", "", kNow, 9, "web-2", "")});
    // A late sample (older than the newest) does not become the latest value.
    commit_samples(*store, {sample("load.1", "", kNow - 90, 3, "web-1", "")});
    auto series = must(store->metric_series(web1()));
    REQUIRE(series.size() == 2);
    CHECK(series[0].name == "fs.used_pct");
    CHECK(series[0].tags == "mount=/");
    CHECK(series[0].unit == "%");
    CHECK(series[0].last_value == 40);
    CHECK(series[1].name == "load.1");
    CHECK(series[1].created == kNow - 120);
    CHECK(series[1].last_time == kNow - 60);
    CHECK(series[1].last_value == 0.75);
    CHECK(must(store->metric_series(host("nobody"))).empty());
}
STORE_TEST("the latest value of every series of a host", latest_values)

void values_round_trip(StoreBackend& backend) {
    auto clock = clock_at();
    auto store = backend.open(clock);
    const double values[] = {0.1, -3, 1e20, 1.7976931348623157e308, 5e-324, -0.0, 123456789.123456789};
    std::vector<ns::MetricSampleRow> rows;
    for (std::size_t i = 0; i < std::size(values); ++i) {
        rows.push_back(sample("x", "", kNow - 100 + static_cast<std::int64_t>(i), values[i]));
    }
    commit_samples(*store, rows);
    auto points = points_of(*store, "x", "", kNow - 3600, kNow);
    REQUIRE(points.values.size() == std::size(values));
    for (std::size_t i = 0; i < std::size(values); ++i) CHECK(points.values[i] == values[i]);
    CHECK(points.step == 0);
    CHECK(points.times.front() == kNow - 100);
}
STORE_TEST("metric values read back exactly", values_round_trip)

void raw_and_rollup_points(StoreBackend& backend) {
    auto clock = clock_at();
    auto store = backend.open(clock);
    const std::int64_t start = ns::rollup_bucket(kNow - 86400);  // a day of samples a minute
    std::vector<ns::MetricSampleRow> rows;
    for (std::int64_t t = start; t < start + 86400; t += 60) {
        rows.push_back(sample("cpu.user_pct", "", t, static_cast<double>((t - start) / 60 % 5)));
    }
    // Written in two batches that split rollup buckets: the rollups merge.
    const auto half = rows.begin() + static_cast<std::ptrdiff_t>(rows.size() / 2 + 2);
    commit_samples(*store, {rows.begin(), half});
    commit_samples(*store, {half, rows.end()});
    CHECK(backend.count("metric_rollups") == 86400 / 300);

    // One hour: raw samples.
    auto hour = points_of(*store, "cpu.user_pct", "", start + 3600, start + 7199);
    CHECK(hour.step == 0);
    CHECK_FALSE(hour.rolled_up);
    CHECK(hour.times.size() == 60);
    CHECK(hour.values[1] == 1);

    // A day: from rollups, one a bucket (288 <= 1000), avg 2, min 0, max 4.
    auto day = points_of(*store, "cpu.user_pct", "", start, start + 86399);
    CHECK(day.rolled_up);
    CHECK(day.step == 300);
    REQUIRE(day.times.size() == 288);
    CHECK(day.times[1] == start + 300);
    CHECK(day.values[1] == 2);
    CHECK(day.mins[1] == 0);
    CHECK(day.maxs[1] == 4);

    // At most max_points: rollup buckets merge into wider steps.
    auto coarse = points_of(*store, "cpu.user_pct", "", start, start + 86399, 100);
    CHECK(coarse.step == 900);
    CHECK(coarse.times.size() == 96);
    CHECK(coarse.values[0] == 2);
    CHECK(coarse.maxs[0] == 4);

    // Raw samples too many for the points: grouped by step, with min and max.
    auto grouped = points_of(*store, "cpu.user_pct", "", start, start + 6 * 3600 - 1, 36);
    CHECK_FALSE(grouped.rolled_up);
    CHECK(grouped.step == 600);
    CHECK(grouped.times.size() == 36);
    CHECK(grouped.values[0] == 2);
    CHECK(grouped.mins[0] == 0);

    // Unknown series; empty range.
    CHECK_FALSE(must(store->metric_points(web1(), "cpu.user_pct", "core=1", start, start + 60, 10)));
    CHECK(points_of(*store, "cpu.user_pct", "", start - 7200, start - 3600).times.empty());
}
STORE_TEST("metric points come raw for short ranges and from rollups for long ones bounded in number",
           raw_and_rollup_points)

void series_cap(StoreBackend& backend) {
    auto clock = clock_at();
    auto store = backend.open(clock);
    std::vector<ns::MetricSampleRow> rows;
    for (std::size_t i = 0; i < ns::kMaxSeriesPerHost; ++i) {
        rows.push_back(sample("net.rx_bytes_per_s", "if=veth" + std::to_string(i), kNow - 60, 1));
    }
    CHECK(commit_samples(*store, rows).sample_outcome.series_created == ns::kMaxSeriesPerHost);
    auto past = commit_samples(*store, {sample("net.rx_bytes_per_s", "if=veth-new", kNow, 1),
                                        sample("net.rx_bytes_per_s", "if=veth-other", kNow, 1),
                                        sample("net.rx_bytes_per_s", "if=veth7", kNow, 2),       // existing: kept
                                        sample("load.1", "", kNow, 1, "web-2")});                // another host
    CHECK(past.sample_outcome.series_refused == 2);
    CHECK(past.sample_outcome.stored == 2);
    CHECK(past.sample_outcome.series_total == ns::kMaxSeriesPerHost + 1);
    CHECK(backend.query_int("SELECT COUNT(*) FROM metric_series WHERE hostname = 'web-1'") ==
          static_cast<std::int64_t>(ns::kMaxSeriesPerHost));
    // A fresh store instance (counts from the database) refuses them too.
    auto reopened = backend.open(clock);
    CHECK(commit_samples(*reopened, {sample("x", "", kNow, 1)}).sample_outcome.series_refused == 1);
}
STORE_TEST("a host has at most 2000 metric series and its existing series keep working", series_cap)

void failed_commit_forgets_series(StoreBackend& backend) {
    auto clock = clock_at();
    auto store = backend.open(clock);
    backend.exec(backend.failing_alert_trigger());
    Batch batch;
    batch.samples = {sample("cpu.user_pct", "", kNow, 1)};
    ns::AlertRow boom;
    boom.time = kNow;
    boom.detail = "boom";
    batch.alerts.push_back(boom);
    CHECK_FALSE(store->commit(batch));
    backend.exec(backend.drop_failing_alert_trigger());
    CHECK(backend.count("metric_series") == 0);
    // The series id of the rolled-back transaction is not reused from memory.
    auto next = commit_samples(*store, {sample("cpu.user_pct", "", kNow, 1)});
    CHECK(next.sample_outcome.series_created == 1);
    CHECK(next.sample_outcome.stored == 1);
    CHECK(backend.query_int("SELECT COUNT(*) FROM metric_samples s JOIN metric_series m ON m.id = s.series_id") == 1);
}
STORE_TEST("a rolled back commit leaves no metric series behind in the database or the cache",
           failed_commit_forgets_series)

void metric_retention(StoreBackend& backend) {
    auto clock = clock_at();
    auto store = backend.open(clock);
    const std::int64_t day = 86400;
    commit_samples(*store, {sample("old", "", kNow - 40 * day, 1), sample("old", "", kNow - 35 * day, 2),
                            sample("kept", "", kNow - 10 * day, 3), sample("kept", "", kNow - 60, 4)});
    // Raw samples older than METRIC_RETENTION go; their rollups stay.
    CHECK(must(store->prune_samples(kNow - 7 * day)) == 3);
    CHECK(backend.count("metric_samples") == 1);
    CHECK(backend.count("metric_rollups") == 4);
    CHECK(points_of(*store, "kept", "", kNow - 12 * day, kNow).times.size() == 2);  // from rollups
    // RETENTION: rollups older go, and series with nothing newer.
    CHECK(must(store->prune(kNow - 30 * day)) == 3);  // 2 rollups, 1 series
    CHECK(backend.count("metric_rollups") == 2);
    auto series = must(store->metric_series(web1()));
    REQUIRE(series.size() == 1);
    CHECK(series[0].name == "kept");
}
STORE_TEST("raw samples are pruned after METRIC_RETENTION and rollups and idle series after RETENTION",
           metric_retention)

}  // namespace
