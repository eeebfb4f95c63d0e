// The rows of metric history the master keeps: samples as received (raw, METRIC_RETENTION
// days), 5-minute rollups of them (min, avg, max; RETENTION days), and one series per host,
// name and tags with its latest value. What the store reads back for the API.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace niamd::store {

struct HostKey;

inline constexpr std::size_t kMaxSeriesPerHost = 2000;         // samples of further new series are refused
inline constexpr std::int64_t kRollupSeconds = 300;            // rollup buckets start at multiples of this
inline constexpr std::int64_t kMaxRawRangeSeconds = 6 * 3600;  // longer ranges are read from rollups
inline constexpr std::size_t kMaxMetricPoints = 1000;          // points one read returns at most

// Start of the rollup bucket that holds `time`.
constexpr std::int64_t rollup_bucket(std::int64_t time) noexcept {
    const std::int64_t rest = time % kRollupSeconds;
    return time - (rest < 0 ? rest + kRollupSeconds : rest);
}

// One sample of one host's series (a METRIC record).
struct MetricSampleRow {
    std::string hostname;
    std::string instance;
    std::string name;  // e.g. "fs.used_pct"
    std::string tags;  // as the protocol writes them ("mount=/"; protocol::encode_tags)
    std::string unit;  // "%", "B", "" ...
    std::int64_t time = 0;
    double value = 0;  // finite
};

// What commit() did with a batch's samples (written back on success).
struct SampleOutcome {
    std::size_t stored = 0;          // new samples written
    std::size_t duplicates = 0;      // already stored (same host, name, tags and time): ignored
    std::size_t series_refused = 0;  // samples of a new series of a host at kMaxSeriesPerHost: refused
    std::size_t series_created = 0;  // series the batch started
    std::size_t series_total = 0;    // series in the store after the commit (every host)
};

// One series of a host, with its newest sample.
struct MetricSeriesRow {
    std::string name;
    std::string tags;            // protocol text
    std::string unit;            // of the newest sample
    std::int64_t created = 0;    // time of its first sample
    std::int64_t last_time = 0;  // time of its newest sample
    double last_value = 0;
};

// The points of one series over a range. step 0: raw samples, values as received. Else
// each point summarises `step` seconds starting at its time: the average, and the range's
// minimum and maximum in mins/maxs (rolled_up: read from the 5-minute rollups).
struct MetricPoints {
    std::string unit;
    std::int64_t step = 0;
    bool rolled_up = false;
    std::vector<std::int64_t> times;
    std::vector<double> values;
    std::vector<double> mins;  // empty when step is 0
    std::vector<double> maxs;
};

}  // namespace niamd::store
