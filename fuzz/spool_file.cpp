// Fuzz target: the outage spool's file (STATE_DIR/spool), which a crash, a full disk or a bad
// disk may leave damaged. Whatever parses must format back to text that parses to the same
// entries; what is skipped is never more than was given; counters survive the round trip.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "client/spool_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto parsed = niamd::client::parse_spool_file(text);
    if (parsed.skipped_bytes > size) std::abort();
    if (parsed.skipped_bytes > 0 && parsed.damage.empty()) std::abort();
    std::string again =
        niamd::client::format_spool_header(parsed.dropped_pings, parsed.dropped_records, parsed.unreadable_bytes,
                                           parsed.dropped_metrics, parsed.dropped_logs);
    for (const auto& entry : parsed.entries) again += niamd::client::format_spool_entry(entry);
    auto reparsed = niamd::client::parse_spool_file(again);
    if (!reparsed.damage.empty() || reparsed.entries != parsed.entries || reparsed.format != 2) std::abort();
    if (reparsed.dropped_pings != parsed.dropped_pings || reparsed.unreadable_bytes != parsed.unreadable_bytes ||
        reparsed.dropped_metrics != parsed.dropped_metrics || reparsed.dropped_logs != parsed.dropped_logs) {
        std::abort();
    }
    return 0;
}
