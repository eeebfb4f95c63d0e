// The words of an alert: its detail line, the SNS Subject and Message, and its line in
// LOG_DIR/alert.log ("<ISO-8601 UTC time> <KIND> <hostname> <instance> <detail>").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "store/history_store.hpp"

namespace niamd::master {

// "2024-05-01T12:00:00Z".
std::string iso_time(std::int64_t unix_seconds);

// Text safe for one line: control characters become spaces, at most `max_bytes` bytes
// (cut at a UTF-8 character boundary, "..." appended when cut).
std::string one_line(std::string_view text, std::size_t max_bytes = 1024);

// An alert row with time, kind, host and detail set, and subject and message filled in:
// Subject "niam: MISSING web1 (i-0abc)" (at most 100 bytes, SNS's limit), Message the
// kind, host, instance, time and detail on separate lines. METRIC_* subjects go on with the
// detail, which begins with the series and its value:
// "niam: METRIC_CRITICAL web1 (i-0abc): fs.used_pct[mount=/] = 93.5% CRITICAL: outs...".
store::AlertRow make_alert(std::int64_t time, store::AlertKind kind, const store::HostKey& host,
                           std::string_view detail);

// "2024-05-01T12:00:00Z MISSING web1 i-0abc no PING for 125 s", without a newline.
// An empty hostname or instance (QUEUE_* alerts) is written as "-"; one holding a space,
// '"' or '\\' (or "-" itself) in double quotes with \" and \\ ("my host" -> "\"my host\"").
// C1 controls, U+2028/U+2029 and bidirectional controls anywhere show as "<U+202E>".
std::string alert_log_line(const store::AlertRow& alert);

}  // namespace niamd::master
