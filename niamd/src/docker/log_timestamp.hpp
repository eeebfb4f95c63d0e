// The timestamp the engine puts before each log line with timestamps=1 (RFC 3339 with
// nanoseconds, "2026-12-03T07:44:42.123456789Z "), and the `since` value that resumes after it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace niamd::docker {

struct StampedLine {
    std::int64_t time_nano = 0;  // Unix nanoseconds
    std::string_view text;       // the line after the timestamp and its space
};

// nullopt when the line does not start with a timestamp and a space (or the date is out of
// range: years 1970-2262). A zone offset (+02:00) is applied; fewer than 9 digits of
// fraction, or none, are read as such.
std::optional<StampedLine> split_log_timestamp(std::string_view line);

// Unix nanoseconds as the Engine API's `since`/`until` take them: "1764747882.123456789".
std::string engine_time(std::int64_t time_nano);

}  // namespace niamd::docker
