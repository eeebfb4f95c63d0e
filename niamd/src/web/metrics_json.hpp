// GET /api/metrics (docs/api.md): the latest value of every series of a host, or the points
// of one series; and how the request names the series (name plus `tag=k=v` parameters).
// Pure functions of rows read from the history store, so they are tested without a server.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <awsrest/result.hpp>

#include "metrics/sample.hpp"
#include "store/history_store.hpp"

namespace niamd::web {

// `tag` parameters, each "key=value" (the first '=' splits; the key must not be empty).
// InvalidArgument naming the parameter otherwise.
awsrest::Result<std::vector<metrics::Tag>> parse_tag_params(const std::vector<std::string>& values);

// The series named `name` with exactly `tags` (in any order), else nullptr.
const store::MetricSeriesRow* find_series(const std::vector<store::MetricSeriesRow>& series, std::string_view name,
                                          const std::vector<metrics::Tag>& tags);

// {"host", "instance", "metrics": [{"name", "tags": {k: v}, "unit", "time", "value"}]}
std::string latest_metrics_json(const store::HostKey& host, const std::vector<store::MetricSeriesRow>& series);

// {"host", "instance", "name", "tags", "unit", "since", "until", "points": [[t, v], ...]}, and
// when the points summarise a step: "step" (seconds), "rollup" ("5m", "1h", "30s": the step)
// and "min"/"max" arrays beside the points (averages).
std::string metric_points_json(const store::HostKey& host, const store::MetricSeriesRow& series,
                               const store::MetricPoints& points, std::int64_t since, std::int64_t until);

// "5m", "2h", "1d", "90s": a step in the largest unit that divides it.
std::string step_text(std::int64_t seconds);

}  // namespace niamd::web
