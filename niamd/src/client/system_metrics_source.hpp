// SystemMetricsSource: the host's system metrics (metrics::SystemCollector: /proc, /sys,
// utmp, statvfs) every METRICS seconds, as METRIC records stamped with the collection time.
// Counters become rates between two collections, so the first collection after a start
// (or after METRICS was off) carries the gauges only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "client/client_identity.hpp"
#include "client/config_source.hpp"
#include "client/source.hpp"
#include "metrics/system_collector.hpp"

namespace niamd::client {

class SystemMetricsSource final : public Source {
  public:
    // `sources`: where the collector reads (tests point it at a fixture tree).
    SystemMetricsSource(ClientIdentity identity, const ConfigSource& config, metrics::SystemSources sources = {});

    std::string_view name() const override { return "system-metrics"; }
    // kNever with METRICS 0; `now` before the first collection; else the last one + METRICS.
    std::int64_t next_due(std::int64_t now) const override;
    // One collection at `now` (Unix seconds; rates are per second of it). A file that cannot
    // be read costs only its own samples: counted in counts(), and logged when the reason
    // changes.
    std::vector<protocol::Record> collect(std::int64_t now) override;

    const metrics::CollectorCounts& counts() const noexcept { return collector_.counts(); }

  private:
    ClientIdentity identity_;
    const ConfigSource& config_;
    metrics::SystemCollector collector_;
    std::int64_t last_ = 0;
    bool collected_ = false;
    std::string last_error_logged_;
};

}  // namespace niamd::client
