#include "store/log_reader.hpp"

#include <algorithm>
#include <array>
#include <limits>

#include "store/log_search.hpp"

namespace niamd::store {

namespace {

constexpr std::string_view kSelectLines =
    "SELECT id, time, source, seq, stream, cut, line FROM log_lines "
    "WHERE hostname = ? AND instance = ? AND (? = '' OR source = ?) AND time >= ? AND time <= ? "
    "AND (time < ? OR (time = ? AND id < ?)) ORDER BY time DESC, id DESC LIMIT ?";
constexpr std::string_view kSelectEvents =
    "SELECT time, kind, event_id, fields, raw FROM events "
    "WHERE hostname = ? AND instance = ? AND (? = '' OR kind = ?) AND time >= ? "
    "ORDER BY time DESC, id DESC LIMIT ?";

std::int64_t clamped_limit(std::size_t limit) {
    return static_cast<std::int64_t>(std::clamp<std::size_t>(limit, 1, kLogQueryLimitMax));
}

}  // namespace

awsrest::Result<LogPage> read_log_page(SqlConnection& db, const SqlDialect& dialect, const LogQuery& query) {
    LogPage page;
    std::string match;
    if (!query.text.empty()) {
        auto words = search_words(query.text);
        if (!words) return std::move(words).error();
        if (words->empty()) return page;  // nothing in it a line could hold
        match = dialect.log_line_words ? boolean_mode_query(*words)
                                       : fts5_host_filter(query.hostname, query.instance) + " " + fts5_query(*words);
    }
    if (query.until < query.since) return page;
    // Without a cursor: every line up to `until` (time < until + 1).
    const LogCursor before = query.before.value_or(
        LogCursor{query.until == std::numeric_limits<std::int64_t>::max() ? query.until : query.until + 1, 0});
    const std::int64_t limit = clamped_limit(query.limit);
    std::array<SqlParam, 11> params{std::string_view(match),
                                    std::string_view(query.hostname),
                                    std::string_view(query.instance),
                                    std::string_view(query.source),
                                    std::string_view(query.source),
                                    query.since,
                                    query.until,
                                    before.time,
                                    before.time,
                                    before.id,
                                    limit + 1};
    const bool search = !match.empty();
    std::span<const SqlParam> bound(params);
    auto rows = db.query(search ? dialect.search_log_lines : kSelectLines, search ? bound : bound.subspan(1));
    if (!rows) return std::move(rows).error();
    const bool more = rows->size() > static_cast<std::size_t>(limit);
    if (more) rows->pop_back();
    page.lines.reserve(rows->size());
    for (SqlRow& row : *rows) {
        LogLineRow line;
        line.hostname = query.hostname;
        line.instance = query.instance;
        line.id = row.integer(0);
        line.time = row.integer(1);
        line.source = std::move(row).text(2);
        line.seq = row.integer(3);
        line.stream = std::move(row).text(4);
        line.cut_bytes = row.integer(5);
        line.line = std::move(row).text(6);
        page.lines.push_back(std::move(line));
    }
    if (more && !page.lines.empty()) page.next = LogCursor{page.lines.back().time, page.lines.back().id};
    return page;
}

awsrest::Result<std::vector<EventRow>> read_events(SqlConnection& db, const EventQuery& query) {
    const std::array<SqlParam, 6> params{std::string_view(query.hostname),
                                         std::string_view(query.instance),
                                         std::string_view(query.kind),
                                         std::string_view(query.kind),
                                         query.since,
                                         clamped_limit(query.limit)};
    auto rows = db.query(kSelectEvents, params);
    if (!rows) return std::move(rows).error();
    std::vector<EventRow> events;
    events.reserve(rows->size());
    for (SqlRow& row : *rows) {
        EventRow event;
        event.hostname = query.hostname;
        event.instance = query.instance;
        event.time = row.integer(0);
        event.kind = std::move(row).text(1);
        event.id = std::move(row).text(2);
        event.fields = std::move(row).text(3);
        event.raw = std::move(row).text(4);
        events.push_back(std::move(event));
    }
    return events;
}

}  // namespace niamd::store
