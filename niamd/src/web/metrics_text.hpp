// /metrics: the master's snapshot in the Prometheus text exposition format (0.0.4).
// Every family has HELP and TYPE lines; label values are valid UTF-8 with \ " and
// newline escaped. Aggregates only, no series per host, so the size does not grow with the
// fleet (see docs/web.md for the full list):
//   niam_hosts{state}, niam_checks{status}, niam_host_heartbeat_age_seconds{quantile},
//   niam_alerts_total{kind}, niam_messages_received_total, ...
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "master/master_snapshot.hpp"

namespace niamd::web {

inline constexpr std::string_view kMetricsContentType = "text/plain; version=0.0.4; charset=utf-8";

// `now` (Unix seconds) decides which hosts are PURGE_SOON in niam_hosts{state}.
std::string metrics_text(const master::MasterSnapshot& snapshot, std::int64_t now);

// A label value escaped for the text format (without the quotes).
std::string escape_label_value(std::string_view value);

}  // namespace niamd::web
