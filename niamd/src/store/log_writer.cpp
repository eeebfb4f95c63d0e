#include "store/log_writer.hpp"

#include <algorithm>

#include "text/valid_utf8.hpp"

namespace niamd::store {

awsrest::Result<void> LogWriter::write(SqlConnection& db, const std::vector<LogLineRow>& lines,
                                       const std::vector<EventRow>& events, LogOutcome& outcome) {
    // The rows this batch adds get ids over the largest one before it (INTEGER PRIMARY KEY).
    std::int64_t last_id = 0;
    if (!index_lines_.empty() && !lines.empty()) {
        auto rows = db.query("SELECT coalesce(max(id), 0) FROM log_lines", {});
        if (!rows) return std::move(rows).error();
        if (!rows->empty()) last_id = rows->front().integer(0);
    }
    const std::size_t stored_before = outcome.lines_stored;
    for (std::size_t first = 0; first < lines.size();) {
        const std::size_t rows = MultiRowStatement::chunk(lines.size() - first);
        params_.clear();
        params_.reserve(rows * params_per_line_);
        words_text_.clear();
        if (words_) {
            words_text_.reserve(rows);
            for (std::size_t k = first; k < first + rows; ++k)
                words_text_.push_back(text::to_valid_utf8(lines[k].line));
        }
        for (std::size_t k = first; k < first + rows; ++k) {
            const LogLineRow& line = lines[k];
            params_.emplace_back(std::string_view(line.hostname));
            params_.emplace_back(std::string_view(line.instance));
            params_.emplace_back(std::string_view(line.source));
            params_.emplace_back(line.seq);
            params_.emplace_back(line.time);
            params_.emplace_back(std::string_view(line.stream));
            params_.emplace_back(line.cut_bytes);
            params_.emplace_back(std::string_view(line.line));
            if (words_) params_.emplace_back(std::string_view(words_text_[k - first]));
        }
        auto done = db.execute(insert_lines_.text(rows), params_);
        if (!done) return std::move(done).error();
        const auto stored = static_cast<std::size_t>(std::min<std::uint64_t>(done->affected_rows, rows));
        outcome.lines_stored += stored;
        outcome.lines_duplicate += rows - stored;
        first += rows;
    }
    if (!index_lines_.empty() && outcome.lines_stored > stored_before) {
        const SqlParam after[] = {SqlParam(last_id)};
        if (auto indexed = db.execute(index_lines_, after); !indexed) return std::move(indexed).error();
    }
    for (std::size_t first = 0; first < events.size();) {
        const std::size_t rows = MultiRowStatement::chunk(events.size() - first);
        params_.clear();
        for (std::size_t k = first; k < first + rows; ++k) {
            const EventRow& event = events[k];
            params_.emplace_back(std::string_view(event.hostname));
            params_.emplace_back(std::string_view(event.instance));
            params_.emplace_back(std::string_view(event.kind));
            params_.emplace_back(std::string_view(event.id));
            params_.emplace_back(event.time);
            params_.emplace_back(std::string_view(event.fields));
            params_.emplace_back(std::string_view(event.raw));
        }
        auto done = db.execute(insert_events_.text(rows), params_);
        if (!done) return std::move(done).error();
        const auto stored = static_cast<std::size_t>(std::min<std::uint64_t>(done->affected_rows, rows));
        outcome.events_stored += stored;
        outcome.events_duplicate += rows - stored;
        first += rows;
    }
    return {};
}

}  // namespace niamd::store
