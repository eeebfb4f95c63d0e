// Metric history, on SQLite and MariaDB: samples stored once, rollups kept as they are
// written, the series cap, the reads of the API and retention.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "store/metric_rows.hpp"
#include "store/metric_writer.hpp"
#include "store/sql_dialect.hpp"
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

// Behind the store's back: every stored sample and rollup, whether it still sits in the staging
// or moved into metric_samples / metric_rollups (a bucket's rollup may be partly in both).
#define ALL_SAMPLES                                                 \
    "(SELECT series_id, time, value FROM metric_samples UNION ALL " \
    "SELECT series_id, time, value FROM metric_samples_staging)"
#define ALL_ROLLUPS                                                                                        \
    "(SELECT series_id, bucket, MIN(min_value) AS min_value, MAX(max_value) AS max_value, "                \
    "SUM(sum_value) AS sum_value, SUM(samples) AS samples FROM "                                           \
    "(SELECT series_id, bucket, min_value, max_value, sum_value, samples FROM metric_rollups UNION ALL "   \
    "SELECT series_id, bucket, min_value, max_value, sum_value, samples FROM metric_rollup_staging) AS u " \
    "GROUP BY series_id, bucket)"

std::int64_t stored_samples(StoreBackend& backend) {
    return backend.query_int("SELECT COUNT(*) FROM " ALL_SAMPLES " AS a");
}
std::int64_t stored_rollups(StoreBackend& backend) {
    return backend.query_int("SELECT COUNT(*) FROM " ALL_ROLLUPS " AS a");
}

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
    auto first = commit_samples(
        *store, {sample("cpu.user_pct", "", kNow - 60, 12.5), sample("fs.used_pct", "mount=/", kNow - 60, 40),
                 sample("fs.used_pct", "mount=/boot", kNow - 60, 70.25),
                 sample("cpu.user_pct", "", kNow - 60, 12.5)});  // twice in one batch
    CHECK(first.sample_outcome.stored == 3);
    CHECK(first.sample_outcome.duplicates == 1);
    CHECK(first.sample_outcome.series_created == 3);
    CHECK(first.sample_outcome.series_total == 3);
    // The same message again (redelivered, or resent by a restarted client): nothing new.
    auto again = commit_samples(
        *store, {sample("cpu.user_pct", "", kNow - 60, 12.5), sample("fs.used_pct", "mount=/", kNow - 60, 40)});
    CHECK(again.sample_outcome.stored == 0);
    CHECK(again.sample_outcome.duplicates == 2);
    CHECK(again.sample_outcome.series_created == 0);
    CHECK(stored_samples(backend) == 3);
    CHECK(backend.count("metric_series") == 3);
    CHECK(backend.query_int("SELECT samples FROM " ALL_ROLLUPS " r JOIN metric_series s ON s.id = r.series_id "
                            "WHERE s.name = 'cpu.user_pct'") == 1);

    // Another instance of the store (a restarted master) sees the same, without its cache.
    auto reopened = backend.open(clock);
    auto third =
        commit_samples(*reopened, {sample("cpu.user_pct", "", kNow - 60, 12.5), sample("cpu.user_pct", "", kNow, 14)});
    CHECK(third.sample_outcome.stored == 1);
    CHECK(third.sample_outcome.duplicates == 1);
    CHECK(third.sample_outcome.series_total == 3);
    CHECK(stored_samples(backend) == 4);
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
    CHECK(stored_samples(backend) == 1500);
    CHECK(stored_rollups(backend) == 1500);
    CHECK(backend.query_int("SELECT SUM(samples) FROM " ALL_ROLLUPS " AS r") == 1500);
    CHECK(backend.query_int("SELECT COUNT(*) FROM " ALL_SAMPLES " AS s WHERE value >= 1000000") == 0);
    CHECK(backend.query_int("SELECT COUNT(*) FROM " ALL_ROLLUPS " r JOIN " ALL_SAMPLES
                            " s ON s.series_id = r.series_id "
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
    commit_samples(
        *store, {sample("load.1", "", kNow - 120, 0.5, "web-1", ""), sample("load.1", "", kNow - 60, 0.75, "web-1", ""),
                 sample("fs.used_pct", "mount=/", kNow - 60, 40), sample("load.1", "", kNow, 9, "web-2", "")});
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
    CHECK(stored_rollups(backend) == 86400 / 300);

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
                                        sample("net.rx_bytes_per_s", "if=veth7", kNow, 2),  // existing: kept
                                        sample("load.1", "", kNow, 1, "web-2")});           // another host
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
    CHECK(backend.query_int("SELECT COUNT(*) FROM " ALL_SAMPLES " s JOIN metric_series m ON m.id = s.series_id") == 1);
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
    CHECK(stored_samples(backend) == 1);
    CHECK(stored_rollups(backend) == 4);
    CHECK(points_of(*store, "kept", "", kNow - 12 * day, kNow).times.size() == 2);  // from rollups
    // RETENTION: rollups older go, and series with nothing newer.
    CHECK(must(store->prune(kNow - 30 * day)) == 3);  // 2 rollups, 1 series
    CHECK(stored_rollups(backend) == 2);
    auto series = must(store->metric_series(web1()));
    REQUIRE(series.size() == 1);
    CHECK(series[0].name == "kept");
}
STORE_TEST("raw samples are pruned after METRIC_RETENTION and rollups and idle series after RETENTION",
           metric_retention)

// ---------------------------------------------------------------------------------------
// The staging (metric_writer.hpp): new samples and rollup partials sit in
// metric_samples_staging / metric_rollup_staging until a commit moves them, kStagedSeconds
// after the first was staged (or at kMaxStagedSamples). Nothing a caller sees differs.

// A day's series "cpu" a sample a minute from `start` (minutes [from, to)), value i % 5, or
// `value` + i when given; `offset` seconds into each minute.
std::vector<ns::MetricSampleRow> cpu_minutes(std::int64_t start, int from, int to, int offset = 0, double value = -1) {
    std::vector<ns::MetricSampleRow> rows;
    for (int i = from; i < to; ++i) {
        rows.push_back(sample("cpu", "", start + 60 * i + offset, value < 0 ? i % 5 : value + i));
    }
    return rows;
}

void advance(test_support::ManualClock& clock, std::int64_t seconds) { clock.advance(std::chrono::seconds{seconds}); }

// An hour in buckets of 5 minutes: minutes 0-59 moved into the tables, then 5 more samples
// staged into the last bucket (between its minutes, values 155-159) whose rollup is then
// half moved and half staged.
void staged_samples_read(StoreBackend& backend) {
    auto clock = clock_at();
    auto store = backend.open(clock);
    const std::int64_t start = ns::rollup_bucket(kNow) - 3600;
    commit_samples(*store, cpu_minutes(start, 0, 30));
    CHECK(backend.count("metric_samples") == 0);  // staged
    CHECK(backend.count("metric_samples_staging") == 30);
    advance(clock, ns::kStagedSeconds);
    commit_samples(*store, cpu_minutes(start, 30, 60));  // moves all 60
    CHECK(backend.count("metric_samples_staging") == 0);
    CHECK(backend.count("metric_rollup_staging") == 0);
    CHECK(backend.count("metric_samples") == 60);
    CHECK(backend.count("metric_rollups") == 12);
    auto late = commit_samples(*store, cpu_minutes(start, 55, 60, 30, 100));
    CHECK(late.sample_outcome.stored == 5);
    CHECK(backend.count("metric_samples_staging") == 5);
    CHECK(backend.count("metric_rollup_staging") == 1);

    // The latest value is the newest staged sample (its bucket's last_time was written already).
    auto series = must(store->metric_series(web1()));
    REQUIRE(series.size() == 1);
    CHECK(series[0].last_time == start + 59 * 60 + 30);
    CHECK(series[0].last_value == 159);
    // Raw points: both tables, in time order.
    auto raw = points_of(*store, "cpu", "", start, start + 3599);
    CHECK(raw.step == 0);
    REQUIRE(raw.times.size() == 65);
    CHECK(raw.times[56] == start + 55 * 60 + 30);
    CHECK(raw.values[56] == 155);
    CHECK(raw.times.back() == start + 59 * 60 + 30);
    // Raw points grouped: the last 10 minutes hold 10 moved and 5 staged samples.
    auto grouped = points_of(*store, "cpu", "", start, start + 3599, 6);
    CHECK(grouped.step == 600);
    REQUIRE(grouped.times.size() == 6);
    CHECK(grouped.maxs[5] == 159);
    CHECK(grouped.values[5] == Approx((2.0 * 10 + 155 + 156 + 157 + 158 + 159) / 15));
    // Rollups: the last bucket merges its moved and its staged part.
    auto day = points_of(*store, "cpu", "", start - 7 * 3600, start + 3599);
    CHECK(day.rolled_up);
    CHECK(day.step == 300);
    REQUIRE(day.times.size() == 12);
    CHECK(day.times[11] == start + 3300);
    CHECK(day.values[11] == Approx((10.0 + 155 + 156 + 157 + 158 + 159) / 10));
    CHECK(day.mins[11] == 0);
    CHECK(day.maxs[11] == 159);
    CHECK(day.values[10] == 2);
}
STORE_TEST("metric samples and rollups still staged are read with the moved ones", staged_samples_read)

// A sample is stored once whether the first copy is staged or moved: by the store that
// wrote it and by a fresh instance (a restarted master, no cache).
void staged_duplicates(StoreBackend& backend) {
    auto clock = clock_at();
    auto store = backend.open(clock);
    const std::int64_t start = ns::rollup_bucket(kNow) - 3600;
    commit_samples(*store, cpu_minutes(start, 0, 10));
    advance(clock, ns::kStagedSeconds);
    commit_samples(*store, cpu_minutes(start, 10, 20));  // moves 0-19
    commit_samples(*store, cpu_minutes(start, 20, 30));  // staged
    REQUIRE(backend.count("metric_samples") == 20);
    REQUIRE(backend.count("metric_samples_staging") == 10);
    const auto check_again = [&](ns::HistoryStore& writer) {
        std::vector<ns::MetricSampleRow> again = cpu_minutes(start, 0, 2, 0, 1000);  // moved
        for (auto& row : cpu_minutes(start, 28, 31, 0, 1000)) again.push_back(row);  // 2 staged, 1 new
        auto outcome = commit_samples(writer, again).sample_outcome;
        CHECK(outcome.stored == 1);
        CHECK(outcome.duplicates == 4);
    };
    check_again(*store);
    CHECK(stored_samples(backend) == 31);
    auto reopened = backend.open(clock);
    std::vector<ns::MetricSampleRow> late = cpu_minutes(start, 5, 6, 0, 1000);
    late.push_back(cpu_minutes(start, 25, 26, 0, 1000).front());
    auto outcome = commit_samples(*reopened, late).sample_outcome;
    CHECK(outcome.stored == 0);
    CHECK(outcome.duplicates == 2);
    // Nothing of the duplicates reached a value or a rollup.
    CHECK(stored_samples(backend) == 31);
    CHECK(backend.query_int("SELECT COUNT(*) FROM " ALL_SAMPLES " AS s WHERE value >= 1000 AND value < 1030") == 0);
    CHECK(backend.query_int("SELECT SUM(samples) FROM " ALL_ROLLUPS " AS r") == 31);
    // A move after them keeps every sample once.
    advance(clock, ns::kStagedSeconds);
    CHECK(commit_samples(*reopened, cpu_minutes(start, 31, 32)).sample_outcome.stored == 1);
    CHECK(backend.count("metric_samples_staging") == 0);
    CHECK(backend.count("metric_samples") == 32);
}
STORE_TEST("a metric sample already stored is a duplicate whether it is staged or moved", staged_duplicates)

// Moving merges a bucket's staged rollup into the moved one: count, sum, min and max.
void move_merges_rollups(StoreBackend& backend) {
    auto clock = clock_at();
    auto store = backend.open(clock);
    const std::int64_t bucket = ns::rollup_bucket(kNow) - 3600;
    const auto at = [&](std::int64_t second, double value) { return sample("cpu", "", bucket + second, value); };
    commit_samples(*store, {at(0, 5), at(10, 7)});
    advance(clock, ns::kStagedSeconds);
    commit_samples(*store, {at(20, 6)});  // moves: 3 samples, min 5, max 7, sum 18
    CHECK(backend.query_int("SELECT samples FROM metric_rollups") == 3);
    commit_samples(*store, {at(30, -2), at(40, 11)});
    commit_samples(*store, {at(50, 4)});  // staged: 3 samples, min -2, max 11, sum 13
    CHECK(backend.count("metric_rollup_staging") == 1);
    advance(clock, ns::kStagedSeconds);
    commit_samples(*store, {sample("cpu", "", bucket + 600, 1)});  // another bucket; moves
    CHECK(backend.count("metric_rollup_staging") == 0);
    CHECK(backend.count("metric_rollups") == 2);
    const std::string row = "FROM metric_rollups WHERE bucket = " + std::to_string(bucket);
    CHECK(backend.query_int("SELECT samples " + row) == 6);
    CHECK(backend.query_int("SELECT COUNT(*) " + row + " AND min_value = -2 AND max_value = 11 AND sum_value = 31") ==
          1);
    auto day = points_of(*store, "cpu", "", bucket - 7 * 3600, bucket + 899);
    REQUIRE(day.times.size() == 2);
    CHECK(day.values[0] == Approx(31.0 / 6));
    CHECK(day.mins[0] == -2);
    CHECK(day.maxs[0] == 11);
}
STORE_TEST("moving the metric staging merges rollups keeping count sum min and max", move_merges_rollups)

// Retention and forgetting a host treat staged samples as the moved ones.
void staged_retention(StoreBackend& backend) {
    auto clock = clock_at();
    auto store = backend.open(clock);
    const std::int64_t day = 86400;
    commit_samples(*store, {sample("old", "", kNow - 40 * day, 1), sample("kept", "", kNow - 10 * day, 3)});
    advance(clock, ns::kStagedSeconds);
    commit_samples(*store, {sample("old", "", kNow - 39 * day, 2)});  // moves
    commit_samples(*store, {sample("old", "", kNow - 35 * day, 2), sample("kept", "", kNow - 9 * day, 3),
                            sample("kept", "", kNow - 60, 4)});  // staged
    REQUIRE(backend.count("metric_samples") == 3);
    REQUIRE(backend.count("metric_samples_staging") == 3);
    CHECK(must(store->prune_samples(kNow - 7 * day)) == 5);
    CHECK(stored_samples(backend) == 1);
    CHECK(stored_rollups(backend) == 6);
    CHECK(must(store->prune(kNow - 30 * day)) == 4);  // 3 rollups (2 moved, 1 staged), 1 series
    CHECK(stored_rollups(backend) == 3);
    CHECK(backend.count("metric_rollup_staging") == 2);
    // A forgotten host keeps its metric history until retention, staged or not.
    Batch forget;
    forget.forgotten_hosts.push_back(web1());
    REQUIRE(store->commit(forget));
    auto series = must(store->metric_series(web1()));
    REQUIRE(series.size() == 1);
    CHECK(series[0].last_time == kNow - 60);
    CHECK(series[0].last_value == 4);
    CHECK(points_of(*store, "kept", "", kNow - 3600, kNow).times.size() == 1);
}
STORE_TEST("metric retention and forgetting a host cover staged samples", staged_retention)

// A database of schema version 3 (samples only in metric_samples) upgrades: its samples
// stay readable and are still duplicates when they come again.
void staging_upgrade(StoreBackend& backend) {
    auto clock = clock_at();
    {
        auto store = backend.open(clock);
        commit_samples(*store, cpu_minutes(ns::rollup_bucket(kNow) - 3600, 0, 10));
    }
    backend.exec("INSERT INTO metric_samples SELECT series_id, time, value FROM metric_samples_staging");
    backend.exec(
        "INSERT INTO metric_rollups SELECT series_id, bucket, min_value, max_value, sum_value, samples "
        "FROM metric_rollup_staging");
    backend.exec("DROP TABLE metric_samples_staging");
    backend.exec("DROP TABLE metric_rollup_staging");
    backend.exec("UPDATE schema_version SET version = 3");
    auto store = backend.open(clock);
    const int latest =
        backend.name() == "SQLite" ? ns::sqlite_dialect().latest_version() : ns::mariadb_dialect().latest_version();
    CHECK(latest >= 4);
    CHECK(backend.query_int("SELECT version FROM schema_version") == latest);
    CHECK(backend.count("metric_samples_staging") == 0);
    CHECK(points_of(*store, "cpu", "", kNow - 7200, kNow).times.size() == 10);
    auto again = commit_samples(*store, cpu_minutes(ns::rollup_bucket(kNow) - 3600, 8, 12));
    CHECK(again.sample_outcome.stored == 2);
    CHECK(again.sample_outcome.duplicates == 2);
}
STORE_TEST("a database without the metric staging upgrades to it", staging_upgrade)

}  // namespace
