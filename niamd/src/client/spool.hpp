// Spool: queue messages that could not be sent, kept on disk until SQS answers again.
// Appends are fsync'd before append() returns; removals rewrite the file atomically
// (temporary file, fsync, rename). Bounded: past max_bytes, PING records are dropped
// oldest first, then (when no PING is left) whole oldest messages; counters say how many.
// A failed append (disk full) is cut back off the file, so no torn entry is left; the
// message stays queued in memory and the next write rewrites the whole file.
// A damaged file found at start keeps every entry that is still whole (spool_file.hpp); the
// file itself is kept aside as `spool.corrupt-<unix time>` (at most kMaxCorruptSpoolCopies,
// the oldest removed first) and the bytes that could not be read are counted.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <sys/types.h>

#include <awsrest/clock.hpp>
#include <awsrest/result.hpp>

#include "client/spool_file.hpp"

namespace niamd::client {

inline constexpr std::size_t kMaxCorruptSpoolCopies = 4;

class Spool {
public:
    // write(2) or a stand-in (tests: a disk that fills up).
    using Writer = std::function<ssize_t(int fd, const char* data, std::size_t size)>;

    // Loads what a previous run left (damage is skipped, counted, logged and kept aside).
    Spool(std::filesystem::path path, std::size_t max_bytes, awsrest::Clock& clock = awsrest::system_clock());

    void set_writer(Writer writer) { writer_ = std::move(writer); }
    // Bytes of damaged spool files that could not be read, over the spool file's life.
    std::uint64_t unreadable_bytes() const noexcept { return unreadable_bytes_; }

    bool empty() const noexcept { return entries_.empty(); }
    std::size_t size() const noexcept { return entries_.size(); }
    std::size_t bytes() const noexcept { return bytes_; }
    const std::deque<SpoolEntry>& entries() const noexcept { return entries_; }
    std::uint64_t dropped_pings() const noexcept { return dropped_pings_; }
    std::uint64_t dropped_records() const noexcept { return dropped_records_; }

    // Queues one message body (newest last), then enforces the bound.
    awsrest::Result<void> append(std::string body);
    // Removes the entries with these sequence numbers.
    awsrest::Result<void> remove(const std::vector<std::uint64_t>& seqs);

private:
    void enforce_bound();
    awsrest::Result<void> rewrite();
    bool keep_damaged_file();  // false: it could not be moved aside

    std::filesystem::path path_;
    std::size_t max_bytes_;
    std::deque<SpoolEntry> entries_;
    std::size_t bytes_ = 0;  // sum of body sizes
    std::uint64_t next_seq_ = 1;
    std::uint64_t dropped_pings_ = 0;
    std::uint64_t dropped_records_ = 0;
    std::uint64_t unreadable_bytes_ = 0;
    bool unsynced_ = false;  // memory holds what the file lacks: the next write rewrites it whole
    awsrest::Clock& clock_;
    Writer writer_;
};

}  // namespace niamd::client
