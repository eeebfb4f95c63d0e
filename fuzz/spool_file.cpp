// Fuzz target: the outage spool's file (STATE_DIR/spool), which a crash may leave damaged.
// Whatever parses must format back to text that parses to the same entries.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "client/spool_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto parsed = niamd::client::parse_spool_file(text);
    std::string again = niamd::client::format_spool_header(parsed.dropped_pings, parsed.dropped_records);
    for (const auto& entry : parsed.entries) again += niamd::client::format_spool_entry(entry);
    auto reparsed = niamd::client::parse_spool_file(again);
    if (!reparsed.damage.empty() || reparsed.entries != parsed.entries) std::abort();
    return 0;
}
