#include "client/journal_follower.hpp"

#include <charconv>
#include <cstdio>

#include "files/atomic_file.hpp"
#include "log/log.hpp"

namespace niamd::client {
namespace {

constexpr std::size_t kMaxPositionFileBytes = 4096;

std::optional<std::uint64_t> number(std::string_view text) {
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

}  // namespace

std::filesystem::path position_file_for(const std::filesystem::path& state_dir, std::string_view prefix,
                                        std::string_view source) {
    std::string name(prefix);
    name += '-';
    std::uint64_t hash = 14695981039346656037ull;
    for (const char c : source) {
        hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                           c == '_' || c == '-';
        if (name.size() < prefix.size() + 65) name.push_back(plain ? c : '_');
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
    return state_dir / (name + "-" + hex + ".position");
}

JournalFollower::JournalFollower(std::string source, journal::JournalFilter filter, std::filesystem::path position_file)
    : source_(std::move(source)), filter_(std::move(filter)), position_file_(std::move(position_file)) {}

void JournalFollower::load_position(std::int64_t now) {
    loaded_ = true;
    const auto text = files::read_small_file(position_file_, kMaxPositionFileBytes);
    if (text) {
        // "cursor=...\nseq=N\n"
        const std::size_t newline = text->find('\n');
        const std::string_view first = std::string_view(*text).substr(0, newline);
        const std::string_view second =
            newline == std::string::npos ? std::string_view{} : std::string_view(*text).substr(newline + 1);
        const std::string_view seq_text = second.substr(0, second.find('\n'));
        const std::uint64_t seq = seq_text.substr(0, 4) == "seq=" ? number(seq_text.substr(4)).value_or(0) : 0;
        if (first.substr(0, 7) == "cursor=" && seq > 0) {
            kept_cursor_ = std::string(first.substr(7));
            kept_seq_ = seq;
            read_cursor_ = kept_cursor_;
            next_seq_ = kept_seq_;
            return;
        }
        log::warning("journal " + source_ + ": " + position_file_.string() +
                     " does not read; starting at the journal's end");
    }
    kept_cursor_.clear();
    kept_seq_ = protocol::first_seq_at(now);
    read_cursor_.clear();
    next_seq_ = kept_seq_;
}

bool JournalFollower::open(std::int64_t now) {
    if (reader_) return true;
    if (last_open_attempt_ != 0 && now - last_open_attempt_ < kReopenSeconds) return false;
    last_open_attempt_ = now;
    auto opened = journal::JournalReader::open(filter_, 64 * 1024);
    if (!opened) {
        if (error_ != opened.error().message) log::warning(source_ + ": " + opened.error().message + " (retried)");
        error_ = opened.error().message;
        return false;
    }
    reader_ = std::move(*opened);
    error_.clear();
    return true;
}

JournalFollower::Batch JournalFollower::read(std::size_t max, std::size_t max_line, std::int64_t now) {
    Batch batch;
    if (!loaded_) load_position(now);
    const bool fresh = !reader_;
    if (!open(now)) return batch;
    if (fresh) {
        const bool at_end = read_cursor_.empty();
        auto sought = reader_->seek_after(read_cursor_);
        if (sought && at_end) read_cursor_ = reader_->current_cursor();  // kept: a restart goes on from here
        if (!sought) {
            log::warning(source_ + ": " + sought.error().message + "; starting at the journal's end");
            auto again = reader_->seek_after("");
            if (!again) {
                error_ = again.error().message;
                reader_.reset();
                return batch;
            }
            read_cursor_ = reader_->current_cursor();
        } else if (!sought->found) {
            protocol::Event gap;
            gap.kind = "journal.gap";
            gap.id = source_ + ":gap:" + std::to_string(next_seq_);
            gap.time = now;
            gap.fields = {{"source", source_},
                          {"reason", "vacuumed"},
                          {"since", std::to_string(sought->lost_after_usec / 1000000)}};
            log::warning(source_ + ": the last entry read is no longer in the journal (vacuumed); entries after " +
                         std::to_string(sought->lost_after_usec / 1000000) + " may be lost");
            batch.events.push_back(std::move(gap));
        }
    }
    reader_->refresh();
    auto entries = reader_->read(max);
    if (!entries) {
        if (error_ != entries.error().message) log::warning(source_ + ": " + entries.error().message + " (reopened)");
        error_ = entries.error().message;
        reader_.reset();  // opened again and sought to read_cursor_ next time
        return batch;
    }
    for (auto& entry : *entries) {
        protocol::LogLine line;
        line.source = source_;
        line.seq = next_seq_++;
        line.time = entry.realtime_usec / 1000000;
        line.line = entry.line();
        if (line.line.size() > max_line) {
            line.cut_bytes = line.line.size() - max_line;
            line.line.resize(max_line);
        }
        read_cursor_ = std::move(entry.cursor);
        batch.lines.push_back(std::move(line));
    }
    return batch;
}

void JournalFollower::kept(bool ok) {
    if (!ok || (read_cursor_ == kept_cursor_ && next_seq_ == kept_seq_)) return;
    const std::string text = "cursor=" + read_cursor_ + "\nseq=" + std::to_string(next_seq_) + "\n";
    if (auto written = files::write_file_atomically(position_file_, text, 0600); !written) {
        log::warning(source_ + ": " + written.error().message + " (the position is kept in memory)");
        return;
    }
    kept_cursor_ = read_cursor_;
    kept_seq_ = next_seq_;
}

}  // namespace niamd::client
