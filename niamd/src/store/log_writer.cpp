#include "store/log_writer.hpp"

#include <algorithm>

namespace niamd::store {

namespace {

// Length of the valid UTF-8 sequence at text[at], or 0.
std::size_t sequence_length(std::string_view text, std::size_t at) noexcept {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(at);
    if (lead < 0x80) return 1;
    std::size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0) low = 0xA0;
        if (lead == 0xED) high = 0x9F;  // no surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0) low = 0x90;
        if (lead == 0xF4) high = 0x8F;
    } else {
        return 0;
    }
    if (at + length > text.size()) return 0;
    if (byte(at + 1) < low || byte(at + 1) > high) return 0;
    for (std::size_t i = 2; i < length; ++i) {
        if ((byte(at + i) & 0xC0) != 0x80) return 0;
    }
    return length;
}

}  // namespace

std::string valid_utf8_words(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t length = sequence_length(text, at);
        if (length == 0) {
            out += "\xEF\xBF\xBD";
            ++at;
        } else {
            out.append(text.substr(at, length));
            at += length;
        }
    }
    return out;
}

awsrest::Result<void> LogWriter::write(SqlConnection& db, const std::vector<LogLineRow>& lines,
                                       const std::vector<EventRow>& events, LogOutcome& outcome) {
    for (std::size_t first = 0; first < lines.size();) {
        const std::size_t rows = MultiRowStatement::chunk(lines.size() - first);
        params_.clear();
        params_.reserve(rows * params_per_line_);
        words_text_.clear();
        if (words_) {
            words_text_.reserve(rows);
            for (std::size_t k = first; k < first + rows; ++k) words_text_.push_back(valid_utf8_words(lines[k].line));
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
