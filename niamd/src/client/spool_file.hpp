// The on-disk form of the outbox (STATE_DIR/spool), format 2:
//
//   niam-spool 2 dropped_pings=N dropped_records=M unreadable_bytes=U dropped_metrics=K dropped_logs=L\n
//   @niam SEQ LENGTH CRC\n BODY \n        (once per entry, oldest first)
//
// BODY is one record line (written by this version; earlier ones wrote a whole queue
// message, several lines, per entry: both are read). dropped_records counts check results
// (and other non-PING, non-METRIC, non-LOG records); dropped_logs counts LOG and EVENT records.
// dropped_metrics and dropped_logs are absent in older files (read as 0; a file of an older
// version counted its LOG and EVENT drops in dropped_metrics); an older version reading a newer
// file ignores the words it does not know.
// CRC is the CRC-32 (IEEE) of "SEQ LENGTH\n" followed by BODY, as 8 lowercase hex digits.
// Every entry starts with the magic "@niam ", so damage anywhere (a torn write, bytes over a
// length field, a broken header) costs only the entries it touches: the parser resyncs on
// the next magic whose entry's checksum holds, and counts the bytes it skipped. (Only while
// resyncing inside a damaged entry could a whole entry written into a message body, e.g. by
// a plugin's output, be taken for one; whole entries are never searched.)
// Format 1 ("niam-spool 1", entries "@SEQ LENGTH\n BODY \n" without magic or checksum) is
// still read: every complete entry up to the first damage.
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
    int format = 0;                   // 2, 1 (old format), 0 (empty or no header)
    std::uint64_t dropped_pings = 0;
    std::uint64_t dropped_records = 0;
    std::uint64_t dropped_metrics = 0;
    std::uint64_t dropped_logs = 0;
    std::uint64_t unreadable_bytes = 0;  // as the header says: earlier recoveries' losses
    std::uint64_t skipped_bytes = 0;     // not read now (damage), 0 when the whole text was read
    std::string damage;                  // empty when the whole text was read; else what was wrong and where
};

inline constexpr std::size_t kMaxSpoolEntryBytes = 256 * 1024;
// Damaged stretches named one by one in `damage`; more are only counted.
inline constexpr std::size_t kMaxNamedSpoolDamages = 8;

SpoolFileContents parse_spool_file(std::string_view text);
std::string format_spool_header(std::uint64_t dropped_pings, std::uint64_t dropped_records,
                                std::uint64_t unreadable_bytes = 0, std::uint64_t dropped_metrics = 0,
                                std::uint64_t dropped_logs = 0);
std::string format_spool_entry(const SpoolEntry& entry);

}  // namespace niamd::client
