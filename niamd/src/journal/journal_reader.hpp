// Reading the systemd journal through libsystemd's sd-journal (docs/logs.md, "Journal").
//
// A reader opens the local journal (or a journal directory), keeps only the entries of the
// given units at or above the given priority, and reads them in order from a position named by
// a cursor: seek_after(cursor) puts it on the entry after the one the cursor names, so nothing
// read before repeats. When that entry is gone (vacuumed, or the files were replaced) the
// reader says so: entries between the cursor's time and the next entry's may have been lost.
// Without a cursor it starts at the journal's end: a first start sends what comes next, not
// the host's history.
//
// Entries are bounded: a field longer than max_field_bytes is cut (sd_journal_set_data_threshold)
// and the reader hands out at most `max` entries per read(). Not thread-safe; one thread reads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <awsrest/result.hpp>

struct sd_journal;

namespace niamd::journal {

struct JournalFilter {
    std::vector<std::string> units;        // _SYSTEMD_UNIT values (any of them); empty: every unit
    std::vector<std::string> identifiers;  // SYSLOG_IDENTIFIER values (any of them); empty: all
    int max_priority = 7;                  // 0 emerg .. 7 debug: entries of this priority or more urgent
    std::string directory;                 // a journal directory; empty: the local system's journal
};

struct JournalEntry {
    std::string cursor;
    std::int64_t realtime_usec = 0;
    std::string identifier;  // SYSLOG_IDENTIFIER (or _COMM)
    std::string pid;         // _PID, may be empty
    std::string message;     // MESSAGE, cut to max_field_bytes
    std::string unit;        // _SYSTEMD_UNIT, may be empty
    int priority = 6;

    // "identifier[pid]: message", as syslog writes it (what the SSH and log rules read).
    std::string line() const;
};

struct SeekOutcome {
    bool found = true;  // the cursor's entry is still there (or there was no cursor)
    // When not found: the cursor's time (Unix µs) — entries after it and before the next one
    // read may be lost.
    std::int64_t lost_after_usec = 0;
};

class JournalReader {
  public:
    static awsrest::Result<std::unique_ptr<JournalReader>> open(const JournalFilter& filter,
                                                                std::size_t max_field_bytes);
    ~JournalReader();
    JournalReader(const JournalReader&) = delete;
    JournalReader& operator=(const JournalReader&) = delete;

    // Empty cursor: the end of the journal. A cursor that does not parse is an error.
    awsrest::Result<SeekOutcome> seek_after(const std::string& cursor);
    // The next entries, at most max; empty when none is there yet. An error leaves the
    // position where it was.
    awsrest::Result<std::vector<JournalEntry>> read(std::size_t max);
    // The cursor of the entry the reader is on ("" when none: an empty journal).
    std::string current_cursor() const;
    // Picks up files that journald rotated or added (sd_journal_process); cheap, call it before read.
    void refresh();

  private:
    explicit JournalReader(sd_journal* journal, std::size_t max_field_bytes);
    sd_journal* journal_;
    std::size_t max_field_bytes_;
    bool on_unread_entry_ = false;  // seek_after left the reader on an entry read() must hand out
};

// The realtime (Unix µs) a cursor names, from its "t=" part; nullopt when it has none.
std::optional<std::int64_t> cursor_time(const std::string& cursor);

}  // namespace niamd::journal
