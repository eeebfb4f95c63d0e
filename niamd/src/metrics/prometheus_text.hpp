// parse_prometheus: the Prometheus text exposition format (0.0.4):
//     metric_name[{label="value",...}] value [timestamp_ms]
// '#' lines (HELP, TYPE, comments) are skipped; label values undo \\ \" (\n becomes a space:
// tags hold no control characters). NaN and infinities are valid there but carry no number
// here: they are counted as skipped.
#pragma once

#include <string_view>

#include "metrics/parsed_metrics.hpp"

namespace niamd::metrics {

ParsedMetrics parse_prometheus(std::string_view text);

}  // namespace niamd::metrics
