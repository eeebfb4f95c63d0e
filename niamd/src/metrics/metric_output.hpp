// parse_metric_output: what a metric plugin (`METRIC name [args...]`) printed, in the format it
// declared or the one detected from its first line that is neither blank nor a comment.
#pragma once

#include <optional>
#include <string_view>

#include "metrics/parsed_metrics.hpp"

namespace niamd::metrics {

enum class MetricFormat { Graphite, Perfdata, Influx, OpenTsdb, Prometheus };

// "graphite", "perfdata", "influx", "opentsdb", "prometheus".
std::string_view to_string(MetricFormat format) noexcept;
std::optional<MetricFormat> metric_format_from_name(std::string_view name) noexcept;

// The format of `text`, guessed from its first significant line (see docs/metrics.md):
// "# HELP"/"# TYPE" or a '{' in the first field: Prometheus; a '|': perfdata; "put " or a
// tag=value as fourth field: OpenTSDB; a ',' in the first field: Influx; a first field
// label=value[;...]: perfdata; a '=' in the second field: Influx; two fields: Prometheus;
// otherwise Graphite.
MetricFormat detect_metric_format(std::string_view text) noexcept;

// Reads `text` as `format`. Perfdata is read as plugin output (the perfdata after '|' on the
// first line and on later lines); its "line" numbers count perfdata items, not lines, and
// each sample is named by its label, with its unit.
ParsedMetrics parse_metric_output(std::string_view text, MetricFormat format);

// The same, with the format detected.
inline ParsedMetrics parse_metric_output(std::string_view text) {
    return parse_metric_output(text, detect_metric_format(text));
}

}  // namespace niamd::metrics
