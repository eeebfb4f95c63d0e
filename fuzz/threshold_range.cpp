// Fuzzes the reader of Nagios threshold ranges (niamd/src/metrics/threshold_range.cpp), which
// reads the THRESHOLD statements of the master's config and the warn/crit fields of perfdata.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "metrics/perfdata.hpp"
#include "metrics/threshold_range.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace niamd::metrics;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto range = parse_threshold_range(text);
    if (range.has_value() != is_threshold_range(text)) __builtin_trap();
    if (!range) return 0;
    if (std::isnan(range->start) || std::isnan(range->end) || range->start > range->end) __builtin_trap();
    if (range->start == INFINITY || range->end == -INFINITY) __builtin_trap();
    // Its text reads back to the same range, and alerting is "outside" (or "inside" for '@').
    const auto again = parse_threshold_range(range->text());
    if (!again || !(*again == *range)) __builtin_trap();
    for (const double v : {range->start, range->end, 0.0, -1.0, 1.0}) {
        if (std::isinf(v)) continue;
        const bool within = v >= range->start && v <= range->end;
        if (range->alerts(v) != (range->inside ? within : !within)) __builtin_trap();
    }
    return 0;
}
