// parse_opentsdb: OpenTSDB's telnet line, with or without its "put" (tcollector prints it
// without):
//     [put ]metric timestamp value [tagk=tagv ...]
// The timestamp is unix seconds, or milliseconds when it has more than 10 digits.
#pragma once

#include <string_view>

#include "metrics/parsed_metrics.hpp"

namespace niamd::metrics {

ParsedMetrics parse_opentsdb(std::string_view text);

}  // namespace niamd::metrics
