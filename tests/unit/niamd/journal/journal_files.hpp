// Journal files for the journal tests, written by systemd's own writer: systemd-journal-remote
// (Debian's systemd-journal-remote package) reads entries in the journal export format and
// appends them to a journal file, which sd-journal then reads like journald's.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace niam_test {

struct JournalEntrySpec {
    std::string message;
    std::string identifier = "app";
    std::string unit;  // _SYSTEMD_UNIT; empty: none
    int priority = 6;
    std::int64_t realtime_usec = 0;  // 0: now
    std::string pid = "100";
};

// Appends the entries to dir/name (a .journal file); false when the writer failed.
bool append_journal_entries(const std::filesystem::path& dir, const std::string& name,
                            const std::vector<JournalEntrySpec>& entries);

inline constexpr const char* kJournalRemote = "/lib/systemd/systemd-journal-remote";

}  // namespace niam_test
