// Fuzzes the reader of STATE_DIR/log-positions (niamd/src/follow/positions_file.cpp): any bytes
// give positions and problems, never a crash; at most kMaxPositions; what was read, written
// again, reads back the same without a problem.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "follow/positions_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace niamd::follow;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto read = parse_positions(text);
    if (read.positions.size() > kMaxPositions) __builtin_trap();
    for (const auto& [key, position] : read.positions) {
        if (key.first.empty() || key.second.empty() || position.seq == 0) __builtin_trap();
        if (position.identity.fingerprint_bytes > kFingerprintBytes) __builtin_trap();
        if (position.next.fingerprint_bytes > kFingerprintBytes) __builtin_trap();
    }
    const auto again = parse_positions(format_positions(read.positions));
    if (!again.problems.empty() || again.positions != read.positions) __builtin_trap();
    return 0;
}
