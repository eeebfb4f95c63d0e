// Spool: queue messages that could not be sent, kept on disk until SQS answers again.
// Appends are fsync'd before append() returns; removals rewrite the file atomically
// (temporary file, fsync, rename). Bounded: past max_bytes, PING records are dropped
// oldest first, then (when no PING is left) whole oldest messages; counters say how many.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <string>
#include <vector>

#include <awsrest/result.hpp>

#include "client/spool_file.hpp"

namespace niamd::client {

class Spool {
public:
    // Loads what a previous run left (a damaged tail is dropped and logged).
    Spool(std::filesystem::path path, std::size_t max_bytes);

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

    std::filesystem::path path_;
    std::size_t max_bytes_;
    std::deque<SpoolEntry> entries_;
    std::size_t bytes_ = 0;  // sum of body sizes
    std::uint64_t next_seq_ = 1;
    std::uint64_t dropped_pings_ = 0;
    std::uint64_t dropped_records_ = 0;
};

}  // namespace niamd::client
