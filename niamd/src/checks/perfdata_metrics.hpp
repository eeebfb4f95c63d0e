// perfdata_metrics: a check's performance data as METRIC records, one per perfdata item,
// named `<script>.<label>` (SCRIPT, SERVICE) or `http.<label>` / `ping.<label>` with the tags
// target= and port= (HTTP and PING checks: time, dns, connect, tls, firstbyte, size, status,
// tls_days_left), with the item's value, unit and LIMITS `warn;crit;min;max`
// (docs/protocol.md), stamped with the check record's time. The check's own record is made
// as before; these come in addition to it.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "protocol/record.hpp"

namespace niamd::checks {

struct PerfdataMetricCounts {
    std::uint64_t samples = 0;       // items that became records
    std::uint64_t bad_items = 0;     // items that were not label=value[UOM];...
    std::uint64_t undetermined = 0;  // items with the value U: no number
    std::uint64_t dropped = 0;       // good items past the bound, or named longer than a metric name may be
};

// The records of `perfdata` (a plugin's: every line's, ' '-joined; a built-in check's own)
// of the check whose record is `check`. A bad item costs only itself (counted).
std::vector<protocol::Record> perfdata_metric_records(const protocol::Record& check, std::string_view perfdata,
                                                      PerfdataMetricCounts& counts);

// Since start, of every check round (thread-safe).
PerfdataMetricCounts perfdata_metric_totals() noexcept;

}  // namespace niamd::checks
