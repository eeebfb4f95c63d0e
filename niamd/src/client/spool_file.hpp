// The on-disk form of the outage spool (STATE_DIR/spool):
//
//   niam-spool 1 dropped_pings=N dropped_records=M\n
//   @SEQ LENGTH\n BODY \n        (once per queued message, oldest first)
//
// BODY is a queue message exactly as it will be sent (LENGTH bytes, may hold newlines).
// A file cut short by a crash loses only its damaged tail: parse_spool_file keeps every
// complete entry before it and names the damage.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace niamd::client {

struct SpoolEntry {
    std::uint64_t seq = 0;
    std::string body;

    friend bool operator==(const SpoolEntry&, const SpoolEntry&) = default;
};

struct SpoolFileContents {
    std::vector<SpoolEntry> entries;  // oldest first, seq strictly increasing
    std::uint64_t dropped_pings = 0;
    std::uint64_t dropped_records = 0;
    std::string damage;  // empty when the whole text was read; else what was wrong and where
};

inline constexpr std::size_t kMaxSpoolEntryBytes = 256 * 1024;

SpoolFileContents parse_spool_file(std::string_view text);
std::string format_spool_header(std::uint64_t dropped_pings, std::uint64_t dropped_records);
std::string format_spool_entry(const SpoolEntry& entry);

}  // namespace niamd::client
