// Outbox: every record a source made, kept on disk (STATE_DIR/spool) until SQS accepted the
// message carrying it. One entry per record, in the spool file format (spool_file.hpp):
// an append writes and fsyncs all of a round's records before append() returns, so a record
// counts as kept only once it is on disk. Removals (sent records, always the oldest) and
// drops rewrite the file atomically (temporary file, fsync, rename).
//
// Bounded by max_bytes (the file's size, SPOOL_MAX_MB). Over the bound it drops, down to
// 90% of the bound so that a long outage does not rewrite the file at every append:
//   1. log lines and events (LOG and EVENT records), oldest first;
//   2. then METRIC samples, oldest first;
//   3. then check results that did not change the check's status, oldest first;
//   4. last PINGs, PROBLEM records and state changes (a check result whose status differs
//      from the previous result of the same check), oldest first.
// Every drop is counted by kind (log, metric, check, ping); the counts live in the file's
// header and so survive a restart.
//
// A failed append (disk full) is cut back off the file, so no torn entry is left; the
// records stay in memory and the next write rewrites the whole file. A damaged file found at
// start keeps every entry that is still whole; the file itself is kept aside as
// `spool.corrupt-<unix time>` (at most kMaxCorruptSpoolCopies, the oldest removed first) and
// the bytes that could not be read are counted. A spool written by earlier versions (one
// entry per message, format 1 or 2) is read and split into one entry per record.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <sys/types.h>

#include <awsrest/clock.hpp>
#include <awsrest/result.hpp>

#include "protocol/record.hpp"

namespace niamd::client {

inline constexpr std::size_t kMaxCorruptSpoolCopies = 4;
// Distinct checks whose last status is remembered for the state-change rule; past it the
// memory is cleared (the next result of each check then counts as a change: kept longer).
inline constexpr std::size_t kMaxRememberedChecks = 10000;

// What an entry is, for the drop counts.
enum class EntryKind : std::uint8_t { Log, Metric, Check, Ping };

struct OutboxEntry {
    std::uint64_t seq = 0;
    std::string body;  // one record line (or, read from an old spool, a body that did not decode)
    EntryKind kind = EntryKind::Check;
    bool kept_last = false;      // PING, PROBLEM, state change: dropped only when nothing else is left
    std::size_t file_bytes = 0;  // the entry's size in the file
};

struct OutboxDrops {
    std::uint64_t log = 0;  // LOG and EVENT records
    std::uint64_t metric = 0;
    std::uint64_t check = 0;
    std::uint64_t ping = 0;
};

class Outbox {
  public:
    // write(2) or a stand-in (tests: a disk that fills up).
    using Writer = std::function<ssize_t(int fd, const char* data, std::size_t size)>;

    // Loads what a previous run left (damage is skipped, counted, logged and kept aside).
    Outbox(std::filesystem::path path, std::size_t max_bytes, awsrest::Clock& clock = awsrest::system_clock());

    void set_writer(Writer writer) { writer_ = std::move(writer); }
    // A new bound (a reload changed SPOOL_MAX_MB); enforced at once when lower.
    void set_max_bytes(std::size_t max_bytes);
    std::size_t max_bytes() const noexcept { return max_bytes_; }

    bool empty() const noexcept { return entries_.empty(); }
    std::size_t size() const noexcept { return entries_.size(); }
    std::size_t bytes() const noexcept { return bytes_; }  // the file's entries
    const std::deque<OutboxEntry>& entries() const noexcept { return entries_; }
    const OutboxDrops& dropped() const noexcept { return dropped_; }
    // Bytes of damaged spool files that could not be read, over the file's life.
    std::uint64_t unreadable_bytes() const noexcept { return unreadable_bytes_; }

    // Keeps the records (newest last): on disk and synced when it returns ok. On an error
    // they are still held in memory (and written with the next successful write).
    awsrest::Result<void> append(const std::vector<protocol::Record>& records);
    // The entries [first, end) (indexes into entries()) reached the queue: gone from memory
    // at once, from the file at the next sync() (or write). A crash before it sends them
    // again, which the master takes as a redelivery.
    void forget(std::size_t first, std::size_t end);
    // Writes the file anew when memory and file differ (forget, a failed write).
    awsrest::Result<void> sync();

  private:
    static OutboxEntry make_entry(std::uint64_t seq, std::string body, EntryKind kind, bool kept_last);
    void classify(const protocol::Record& record, EntryKind& kind, bool& kept_last);
    void hold(OutboxEntry entry);
    bool over_bound() const noexcept { return bytes_ > max_bytes_; }
    void enforce_bound();
    awsrest::Result<void> rewrite();
    bool keep_damaged_file();  // false: it could not be moved aside

    std::filesystem::path path_;
    std::size_t max_bytes_;
    std::deque<OutboxEntry> entries_;
    std::size_t bytes_ = 0;  // sum of file_bytes
    std::uint64_t next_seq_ = 1;
    OutboxDrops dropped_;
    std::uint64_t unreadable_bytes_ = 0;
    std::map<std::string, int> last_status_;  // check → status of its last result appended
    bool unsynced_ = false;                   // memory holds what the file lacks: the next write rewrites it whole
    awsrest::Clock& clock_;
    Writer writer_;
};

}  // namespace niamd::client
