#include "web/log_params.hpp"

#include <charconv>
#include <limits>

#include "store/log_search.hpp"
#include "web/request_params.hpp"

namespace niamd::web {

namespace {

awsrest::Error bad(std::string message) {
    return awsrest::make_error(awsrest::ErrorKind::InvalidArgument, std::move(message));
}

// A key-like parameter: at most kMaxKeyBytes (a record field), no control characters.
awsrest::Result<std::string> key_param(const std::optional<std::string>& text, std::string_view name) {
    if (!text) return std::string();
    if (text->size() > 1024) return bad(std::string(name) + ": longer than 1024 bytes");
    for (const char c : *text) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
            return bad(std::string(name) + ": holds a control character");
    }
    return *text;
}

awsrest::Result<std::string> host_param(const LogParams& params) {
    if (!params.host || params.host->empty()) return bad("host: required");
    return key_param(params.host, "host");
}

// host= (required) and instance= (optional), shared by /api/logs and /api/events.
awsrest::Result<void> host_params(const LogParams& params, std::string& hostname,
                                  std::optional<std::string>& instance) {
    auto host = host_param(params);
    if (!host) return std::move(host).error();
    hostname = std::move(host).value();
    auto asked = key_param(params.instance, "instance");
    if (!asked) return std::move(asked).error();
    if (params.instance) instance = std::move(asked).value();
    return {};
}

bool read_int(std::string_view text, std::int64_t& out) {
    if (text.empty() || text.front() == '+') return false;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
    return error == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::string cursor_text(const store::LogCursor& cursor) {
    return std::to_string(cursor.time) + "." + std::to_string(cursor.id);
}

std::optional<store::LogCursor> parse_cursor(std::string_view text) {
    const std::size_t dot = text.find('.');
    if (dot == std::string_view::npos || text.size() > 48) return std::nullopt;
    store::LogCursor cursor;
    if (!read_int(text.substr(0, dot), cursor.time) || !read_int(text.substr(dot + 1), cursor.id)) return std::nullopt;
    if (cursor.id < 0) return std::nullopt;
    return cursor;
}

awsrest::Result<LogRequest> parse_log_params(const LogParams& params, std::int64_t now) {
    LogRequest request;
    store::LogQuery& query = request.query;
    if (auto read = host_params(params, query.hostname, request.instance); !read) return std::move(read).error();
    auto source = key_param(params.source, "source");
    if (!source) return std::move(source).error();
    query.source = std::move(source).value();
    if (params.q) {
        if (auto words = store::search_words(*params.q); !words) return std::move(words).error();
        query.text = *params.q;
    }
    auto since = parse_since(params.since, now, kLogLookbackDefault);
    if (!since) return std::move(since).error();
    query.since = *since;
    query.until = std::numeric_limits<std::int64_t>::max();
    if (params.until) {
        auto until = parse_since(params.until, now, 0);
        if (!until) {
            std::string message = until.error().message;
            if (message.starts_with("since")) message.replace(0, 5, "until");
            return bad(message);
        }
        query.until = *until;
        if (query.since > query.until) return bad("since: later than until");
    }
    auto limit = parse_limit(params.limit, store::kLogQueryLimitDefault, store::kLogQueryLimitMax);
    if (!limit) return std::move(limit).error();
    query.limit = *limit;
    if (params.before) {
        auto cursor = parse_cursor(*params.before);
        if (!cursor) return bad("before: expected the `next` of a page (TIME.ID)");
        query.before = *cursor;
    }
    return request;
}

awsrest::Result<EventRequest> parse_event_params(const LogParams& params, std::int64_t now) {
    EventRequest request;
    store::EventQuery& query = request.query;
    if (auto read = host_params(params, query.hostname, request.instance); !read) return std::move(read).error();
    auto kind = key_param(params.kind, "kind");
    if (!kind) return std::move(kind).error();
    query.kind = std::move(kind).value();
    auto since = parse_since(params.since, now, kLogLookbackDefault);
    if (!since) return std::move(since).error();
    query.since = *since;
    auto limit = parse_limit(params.limit, store::kLogQueryLimitDefault, store::kLogQueryLimitMax);
    if (!limit) return std::move(limit).error();
    query.limit = *limit;
    return request;
}

}  // namespace niamd::web
