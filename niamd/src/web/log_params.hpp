// The query parameters of GET /api/logs and GET /api/events (docs/api.md), read strictly:
// anything unexpected is an error whose message names the parameter (answered with 400).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <awsrest/result.hpp>

#include "store/log_rows.hpp"

namespace niamd::web {

inline constexpr std::int64_t kLogLookbackDefault = 400LL * 86400;  // since absent: all there is

// What a request gave: absent parameters nullopt.
struct LogParams {
    std::optional<std::string> host;
    std::optional<std::string> instance;
    std::optional<std::string> source;
    std::optional<std::string> q;
    std::optional<std::string> since;
    std::optional<std::string> until;
    std::optional<std::string> limit;
    std::optional<std::string> before;  // the `next` cursor of the page before
    std::optional<std::string> kind;    // events only
};

// The request read: the query (hostname set, instance from `instance` or left to the caller
// to find) and the instance asked for, if any.
struct LogRequest {
    store::LogQuery query;
    std::optional<std::string> instance;
};
struct EventRequest {
    store::EventQuery query;
    std::optional<std::string> instance;
};

// host required; source, q (at most kMaxSearchBytes bytes, kMaxSearchWords words), since and
// until (Unix seconds or a duration before now, request_params.hpp; until absent: no upper
// bound), limit 1-1000 (default 100), before a cursor ("TIME.ID" as `next` gave it).
awsrest::Result<LogRequest> parse_log_params(const LogParams& params, std::int64_t now);
// host required; kind, since, limit as above.
awsrest::Result<EventRequest> parse_event_params(const LogParams& params, std::int64_t now);

// "TIME.ID", and back (nullopt: not a cursor this API wrote).
std::string cursor_text(const store::LogCursor& cursor);
std::optional<store::LogCursor> parse_cursor(std::string_view text);

}  // namespace niamd::web
