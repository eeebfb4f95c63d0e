// CloudWatch Logs request bodies and answer parsers (AWS JSON 1.1), pure functions that
// unit tests and the fuzz target reach. A body that is not the expected JSON gives a Parse
// error naming the call ("CloudWatchLogs.PutLogEvents: rejectedLogEventsInfo is not an
// object"). Sizes and counts are bounded (kMaxLogsAnswerBytes, the per-page limits).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "awsrest/logs.hpp"
#include "awsrest/result.hpp"

namespace awsrest::logs {

inline constexpr std::string_view kJsonContentType = "application/x-amz-json-1.1";
inline constexpr std::string_view kTargetPrefix = "Logs_20140328.";
// Largest answer parsed (a GetLogEvents page holds at most 1 MB of messages, escaped).
inline constexpr std::size_t kMaxLogsAnswerBytes = 16 * 1024 * 1024;

// "CloudWatchLogs.PutLogEvents"
inline std::string operation_name(std::string_view action) { return "CloudWatchLogs." + std::string(action); }

std::string json_create_log_group(std::string_view group);
std::string json_create_log_stream(std::string_view group, std::string_view stream);
std::string json_put_log_events(std::string_view group, std::string_view stream, const std::vector<LogEvent>& batch);
std::string json_describe_log_streams(std::string_view group, std::string_view prefix, std::string_view next_token);
std::string json_get_log_events(std::string_view group, std::string_view stream, const GetLogEventsOptions& options);

// `events` is the batch's size: the indexes in rejectedLogEventsInfo must fit it.
Result<PutLogEventsResult> parse_put_log_events(std::string_view body, std::size_t events);
Result<LogStreamPage> parse_describe_log_streams(std::string_view body);
Result<LogEventPage> parse_get_log_events(std::string_view body);

}  // namespace awsrest::logs
