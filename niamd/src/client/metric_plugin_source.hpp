// MetricPluginSource: the `METRIC name[:format] [args...]` plugins, all run at once every
// METRICS seconds with the SCRIPT rules (checks/plugin_process.hpp: no shell, TIMEOUT, the
// process group killed, stdout bounded), their output read as Graphite, perfdata, Influx,
// OpenTSDB or Prometheus text (declared, or detected) and returned as METRIC records.
//
// A bad line never costs the good ones: it is counted, and the first bad line of a run is
// told to the master as a PROBLEM record (WHAT `metric`, DETAIL the plugin and its
// arguments, STATUS 1, OUTPUT "line 3: the value is not a finite number"), repeated each run
// while runs have bad lines, then STATUS 0 once a run is clean. A plugin that cannot be
// started, times out, exits with a code above 3 or dies by a signal gives no samples and a
// PROBLEM the same way.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "client/client_identity.hpp"
#include "client/config_source.hpp"
#include "client/problem_report.hpp"
#include "client/source.hpp"
#include "config/host_config.hpp"

namespace niamd::client {

inline constexpr std::size_t kMaxPluginSamplesPerRun = 20000;  // of all plugins; more are dropped, counted

struct MetricPluginCounts {
    std::uint64_t runs = 0;         // plugin runs started
    std::uint64_t failed_runs = 0;  // not started, timed out, exit code > 3, killed by a signal
    std::uint64_t samples = 0;      // samples returned as records
    std::uint64_t bad_lines = 0;    // lines that could not be read
    std::uint64_t skipped = 0;      // valid lines without a number (NaN, U)
    std::uint64_t dropped = 0;      // good samples past a bound (per output, per run)
};

class MetricPluginSource final : public Source {
  public:
    // stop_requested: polled (from the plugins' threads, so it must be thread-safe) while
    // plugins run; when it turns true they are killed and the run returns what finished.
    MetricPluginSource(ClientIdentity identity, const ConfigSource& config, std::filesystem::path scripts_dir,
                       std::function<bool()> stop_requested = {});

    std::string_view name() const override { return "metric-plugins"; }
    // kNever with METRICS 0 or no METRIC statement; `now` before the first run; else the
    // last run + METRICS.
    std::int64_t next_due(std::int64_t now) const override;
    std::vector<protocol::Record> collect(std::int64_t now) override;

    const MetricPluginCounts& counts() const noexcept { return counts_; }

  private:
    struct Outcome;
    Outcome run_one(const config::MetricPluginSpec& spec, std::chrono::milliseconds timeout) const;

    ClientIdentity identity_;
    const ConfigSource& config_;
    std::filesystem::path scripts_dir_;
    std::function<bool()> stop_requested_;
    std::int64_t last_ = 0;
    bool ran_ = false;
    MetricPluginCounts counts_;
    // One report per plugin (by "name args"); a plugin dropped from the config has its open
    // problem closed.
    struct Reported {
        ProblemReport report{"metric"};
        std::string last_logged;  // the problem last written to the log; "" when clean
    };
    std::map<std::string, Reported> problems_;
};

// "name arg1 arg2": how a METRIC plugin is named in its PROBLEM record's DETAIL.
std::string metric_plugin_detail(const config::MetricPluginSpec& spec);

}  // namespace niamd::client
