// parse_graphite: Graphite's plaintext protocol, as Sensu metric plugins print it:
//     name value timestamp        (one per line; spaces or tabs between the fields)
// A name may carry Graphite tags: "disk.used;mount=/;fs=ext4". Lines starting with '#' and
// blank lines are skipped.
#pragma once

#include <string_view>

#include "metrics/parsed_metrics.hpp"

namespace niamd::metrics {

ParsedMetrics parse_graphite(std::string_view text);

}  // namespace niamd::metrics
