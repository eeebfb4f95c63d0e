// MetricThresholds: the level (OK, WARNING, CRITICAL) of every host's metric series against
// every THRESHOLD that selects it (docs/config.md "Metric thresholds"). A sample outside CRIT
// is CRITICAL, else outside WARN is WARNING, else OK. A worse level is raised only once the
// samples have shown it (or worse) for the threshold's FOR seconds, by the samples' times;
// a better one at once. Only a change of the raised level alerts (METRIC_WARNING,
// METRIC_CRITICAL, METRIC_OK), plus a repeat every RENOTIFY seconds (the master's time) of a
// level still held, as CheckBoard does for failing checks. A sample not newer than the
// level's last one (replayed, redelivered) changes nothing.
//
// Bounded: one level per (host, series, threshold) of the series that arrive, at most
// kMaxLevelsPerHost per host (further series are not judged, counted in refused());
// forget() drops a purged host's levels. Single-threaded; times passed in.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "config/host_config.hpp"
#include "metrics/sample.hpp"
#include "store/history_store.hpp"

namespace niamd::master {

// Two thresholds for each of the 2,000 series a host may have at most.
inline constexpr std::size_t kMaxLevelsPerHost = 4000;

struct MetricAlert {
    store::AlertKind kind = store::AlertKind::MetricOk;  // MetricWarning, MetricCritical or MetricOk
    std::string detail;  // "fs.used_pct[mount=/] = 93.5% CRITICAL: outside CRIT 90 for 320 s (THRESHOLD ...)"
};

class MetricThresholds {
  public:
    MetricThresholds() = default;
    explicit MetricThresholds(const config::HostConfig& config) { configure(config); }

    // THRESHOLD statements and RENOTIFY (again after a reload): a statement that stays the
    // same keeps its levels; the levels of one that went away are dropped without an alert.
    void configure(const config::HostConfig& config);

    // One sample of `host` received at `now`: the alerts to raise, usually none.
    std::vector<MetricAlert> apply(const store::HostKey& host, const metrics::Sample& sample, std::int64_t now);

    // Drops the levels of a purged host.
    void forget(const store::HostKey& host);

    std::size_t size() const noexcept { return levels_count_; }  // levels held, all hosts
    std::uint64_t refused() const noexcept { return refused_; }  // samples of series past the bound
    bool active() const noexcept { return !thresholds_.empty(); }

  private:
    enum class Level { Ok, Warning, Critical };

    struct Threshold {
        config::ThresholdSpec spec;
        std::uint32_t id = 0;  // stable across configure() while the statement stays the same
        std::string text;      // spec.text(): its identity and how alerts name it
    };

    struct SeriesLevel {
        Level raised = Level::Ok;
        std::optional<std::int64_t> warning_since;   // sample time the current run at WARNING or worse began
        std::optional<std::int64_t> critical_since;  // ... at CRITICAL
        std::int64_t last_time = 0;                  // newest sample applied
        std::int64_t raised_since = 0;               // sample time the raised level was raised
        std::int64_t last_notified = 0;              // master time of the last alert about it
    };

    // Per host: (series identity, threshold id) -> level.
    using HostLevels = std::map<std::pair<std::string, std::uint32_t>, SeriesLevel>;

    std::vector<Threshold> thresholds_;
    std::unordered_map<std::string, std::vector<std::size_t>> by_name_;  // metric name -> thresholds_ indexes
    std::uint32_t next_id_ = 1;
    int renotify_ = 0;
    std::map<store::HostKey, HostLevels> hosts_;
    std::size_t levels_count_ = 0;
    std::uint64_t refused_ = 0;
};

}  // namespace niamd::master
