// JournalFollower: one journal source's reading (a JOURNAL statement, or SSH_LOGINS' journal
// fallback) with its position kept on disk (docs/logs.md, "Journal").
//
// The position is the cursor of the last entry handed out and the next line's sequence
// number, in one small file written atomically — advanced only by kept(true), once the
// lines are in the outbox, so a restart resumes after the last line kept and a line read again
// after a crash gets the number it had (the master stores host + source + seq once). A first
// start (no position file, or a damaged one) begins at the journal's end with sequence numbers
// from now × 1,000,000, above any an earlier run can have reached at the rate limit, so a lost
// position never makes the master take new lines for old ones.
// When the saved cursor's entry is gone (vacuumed) the follower hands out one `journal.gap`
// event saying from when entries may be lost.
// The journal is opened lazily and again after an error (at most every kReopenSeconds).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "journal/journal_reader.hpp"
#include "protocol/log_record.hpp"

namespace niamd::client {

class JournalFollower {
  public:
    static constexpr std::int64_t kReopenSeconds = 30;

    JournalFollower(std::string source, journal::JournalFilter filter, std::filesystem::path position_file);

    struct Batch {
        std::vector<protocol::LogLine> lines;  // in journal order, numbered
        std::vector<protocol::Event> events;   // journal.gap
    };
    // Up to max lines, each cut to max_line bytes (cut_bytes set). Never throws; trouble is
    // logged once per kind and retried.
    Batch read(std::size_t max, std::size_t max_line, std::int64_t now);
    // The lines last read are in the outbox (ok) or not yet on disk (the position is not
    // advanced; the outbox writes them with its next write).
    void kept(bool ok);

    const std::string& source() const noexcept { return source_; }
    const journal::JournalFilter& filter() const noexcept { return filter_; }
    std::uint64_t next_seq() const noexcept { return next_seq_; }
    const std::string& error() const noexcept { return error_; }  // the last problem, "" when none

  private:
    void load_position(std::int64_t now);
    bool open(std::int64_t now);

    std::string source_;
    journal::JournalFilter filter_;
    std::filesystem::path position_file_;
    std::unique_ptr<journal::JournalReader> reader_;
    std::int64_t last_open_attempt_ = 0;
    bool loaded_ = false;
    // Kept on disk: what the outbox holds.
    std::string kept_cursor_;
    std::uint64_t kept_seq_ = 0;
    // Read, not yet kept.
    std::string read_cursor_;
    std::uint64_t next_seq_ = 0;
    std::string error_;
};

// The file under STATE_DIR that keeps a source's position: "<prefix>-<name with every byte
// but [A-Za-z0-9._-] as _>-<FNV-1a 64 of the name, hex>.position".
std::filesystem::path position_file_for(const std::filesystem::path& state_dir, std::string_view prefix,
                                        std::string_view source);

}  // namespace niamd::client
