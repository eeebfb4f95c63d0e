#include "journal/journal_reader.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <systemd/sd-journal.h>

namespace niamd::journal {
namespace {

awsrest::Error journal_error(const std::string& what, int negative_errno) {
    return awsrest::make_error(awsrest::ErrorKind::InvalidArgument,
                               "journal: " + what + ": " + std::strerror(-negative_errno));
}

// The value of FIELD in the current entry, or "" when absent.
std::string field(sd_journal* journal, const char* name) {
    const void* data = nullptr;
    std::size_t length = 0;
    if (sd_journal_get_data(journal, name, &data, &length) < 0) return {};
    const std::size_t prefix = std::strlen(name) + 1;  // "NAME="
    if (length < prefix) return {};
    return std::string(static_cast<const char*>(data) + prefix, length - prefix);
}

}  // namespace

std::string JournalEntry::line() const {
    std::string text = identifier.empty() ? std::string("journal") : identifier;
    if (!pid.empty()) text += "[" + pid + "]";
    text += ": ";
    text += message;
    return text;
}

std::optional<std::int64_t> cursor_time(const std::string& cursor) {
    // s=...;i=...;b=...;m=...;t=5f1c...;x=...
    std::size_t at = 0;
    while (at < cursor.size()) {
        const std::size_t end = cursor.find(';', at);
        const std::string part = cursor.substr(at, end == std::string::npos ? std::string::npos : end - at);
        if (part.size() > 2 && part[0] == 't' && part[1] == '=') {
            char* stop = nullptr;
            errno = 0;
            const unsigned long long value = std::strtoull(part.c_str() + 2, &stop, 16);
            if (errno != 0 || stop == nullptr || *stop != '\0') return std::nullopt;
            return static_cast<std::int64_t>(value);
        }
        if (end == std::string::npos) break;
        at = end + 1;
    }
    return std::nullopt;
}

JournalReader::JournalReader(sd_journal* journal, std::size_t max_field_bytes)
    : journal_(journal), max_field_bytes_(max_field_bytes) {}

JournalReader::~JournalReader() { sd_journal_close(journal_); }

awsrest::Result<std::unique_ptr<JournalReader>> JournalReader::open(const JournalFilter& filter,
                                                                    std::size_t max_field_bytes) {
    sd_journal* journal = nullptr;
    const int opened = filter.directory.empty() ? sd_journal_open(&journal, SD_JOURNAL_LOCAL_ONLY)
                                                : sd_journal_open_directory(&journal, filter.directory.c_str(), 0);
    if (opened < 0) {
        return journal_error(filter.directory.empty() ? std::string("cannot open the system journal")
                                                      : "cannot open the journal directory " + filter.directory,
                             opened);
    }
    std::unique_ptr<JournalReader> reader(new JournalReader(journal, max_field_bytes));
    // Matches of one field are or-ed, of different fields and-ed: (unit A | unit B) & (prio 0 | ... | P).
    for (const std::string& unit : filter.units) {
        const std::string match = "_SYSTEMD_UNIT=" + unit;
        if (const int r = sd_journal_add_match(journal, match.data(), match.size()); r < 0) {
            return journal_error("bad unit " + unit, r);
        }
    }
    for (const std::string& identifier : filter.identifiers) {
        const std::string match = "SYSLOG_IDENTIFIER=" + identifier;
        if (const int r = sd_journal_add_match(journal, match.data(), match.size()); r < 0) {
            return journal_error("bad identifier " + identifier, r);
        }
    }
    if (filter.max_priority < 7) {
        for (int priority = 0; priority <= filter.max_priority; ++priority) {
            const std::string match = "PRIORITY=" + std::to_string(priority);
            if (const int r = sd_journal_add_match(journal, match.data(), match.size()); r < 0) {
                return journal_error("bad priority", r);
            }
        }
    }
    // Watches the journal's directories (inotify), so that refresh() sees files added later.
    if (const int fd = sd_journal_get_fd(journal); fd < 0) return journal_error("cannot watch the journal", fd);
    // Bytes of a field handed out at most (+ "MESSAGE=").
    sd_journal_set_data_threshold(journal, max_field_bytes + 16);
    return reader;
}

std::string JournalReader::current_cursor() const {
    char* cursor = nullptr;
    if (sd_journal_get_cursor(journal_, &cursor) < 0 || cursor == nullptr) return {};
    std::string text = cursor;
    std::free(cursor);
    return text;
}

void JournalReader::refresh() { sd_journal_process(journal_); }

awsrest::Result<SeekOutcome> JournalReader::seek_after(const std::string& cursor) {
    SeekOutcome outcome;
    on_unread_entry_ = false;
    if (cursor.empty()) {
        if (const int r = sd_journal_seek_tail(journal_); r < 0) return journal_error("cannot seek to the end", r);
        // On the last entry, so that read() starts after it.
        const int r = sd_journal_previous(journal_);
        if (r < 0) return journal_error("cannot seek to the end", r);
        // No entry of ours at all yet: every entry that comes is new, read from the head.
        if (r == 0 && sd_journal_seek_head(journal_) < 0) return journal_error("cannot seek to the start", r);
        return outcome;
    }
    if (const int r = sd_journal_seek_cursor(journal_, cursor.c_str()); r < 0) {
        return journal_error("the saved cursor does not read", r);
    }
    const int moved = sd_journal_next(journal_);
    if (moved < 0) return journal_error("cannot read after the saved cursor", moved);
    if (moved == 0) {
        // Nothing at or after the cursor's place: the journal ends before it (its entry was
        // vacuumed with everything after it, or the files were replaced). Stay at the end.
        outcome.found = false;
        outcome.lost_after_usec = cursor_time(cursor).value_or(0);
        sd_journal_seek_tail(journal_);
        if (sd_journal_previous(journal_) == 0) sd_journal_seek_head(journal_);
        return outcome;
    }
    if (sd_journal_test_cursor(journal_, cursor.c_str()) > 0) return outcome;  // on it: read() goes on after
    // On a later entry: the one named is gone. read() hands out this one first.
    outcome.found = false;
    outcome.lost_after_usec = cursor_time(cursor).value_or(0);
    on_unread_entry_ = true;
    return outcome;
}

awsrest::Result<std::vector<JournalEntry>> JournalReader::read(std::size_t max) {
    std::vector<JournalEntry> entries;
    while (entries.size() < max) {
        const int moved = on_unread_entry_ ? 1 : sd_journal_next(journal_);
        on_unread_entry_ = false;
        if (moved < 0) {
            if (!entries.empty()) break;
            return journal_error("cannot read the next entry", moved);
        }
        if (moved == 0) break;
        JournalEntry entry;
        char* cursor = nullptr;
        if (sd_journal_get_cursor(journal_, &cursor) < 0 || cursor == nullptr) continue;
        entry.cursor = cursor;
        std::free(cursor);
        std::uint64_t usec = 0;
        if (sd_journal_get_realtime_usec(journal_, &usec) >= 0) entry.realtime_usec = static_cast<std::int64_t>(usec);
        entry.identifier = field(journal_, "SYSLOG_IDENTIFIER");
        if (entry.identifier.empty()) entry.identifier = field(journal_, "_COMM");
        entry.pid = field(journal_, "SYSLOG_PID");
        if (entry.pid.empty()) entry.pid = field(journal_, "_PID");
        entry.message = field(journal_, "MESSAGE");
        if (entry.message.size() > max_field_bytes_) entry.message.resize(max_field_bytes_);
        entry.unit = field(journal_, "_SYSTEMD_UNIT");
        const std::string priority = field(journal_, "PRIORITY");
        if (priority.size() == 1 && priority[0] >= '0' && priority[0] <= '7') entry.priority = priority[0] - '0';
        entries.push_back(std::move(entry));
    }
    return entries;
}

}  // namespace niamd::journal
