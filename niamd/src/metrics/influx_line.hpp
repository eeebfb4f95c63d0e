// parse_influx: InfluxDB line protocol (v2 reference):
//     measurement[,tag=value...] field=value[,field=value...] [timestamp]
// with '\' escapes (',' ' ' in measurements; ',' '=' ' ' in keys and tag values; '"' '\' in
// string fields). Each numeric field is a sample named "measurement.field" ("measurement"
// for a field called "value"); integers (1i, 1u) and booleans (1/0) count, string fields are
// skipped. The timestamp is in nanoseconds. '#' lines are comments.
#pragma once

#include <string_view>

#include "metrics/parsed_metrics.hpp"

namespace niamd::metrics {

ParsedMetrics parse_influx(std::string_view text);

}  // namespace niamd::metrics
