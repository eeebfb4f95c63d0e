// The state timeline of the host page, rebuilt from the heartbeats in the database:
// a host is OK while each heartbeat follows the previous one within WARN_AFTER, MISSING
// from WARN_AFTER after the last one until the next, and PURGED once PURGE_AFTER passed.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace niamd::web {

enum class TimelineState { NoData, Ok, Missing, Purged };
std::string_view to_string(TimelineState state) noexcept;  // "NO_DATA", "OK", "MISSING", "PURGED"

struct TimelineSegment {
    TimelineState state = TimelineState::NoData;
    std::int64_t from = 0;  // Unix seconds, inclusive
    std::int64_t to = 0;    // Unix seconds, exclusive

    friend bool operator==(const TimelineSegment&, const TimelineSegment&) = default;
};

// Segments covering [from, to) in order, adjacent ones of the same state merged.
// `heartbeats` are Unix seconds in any order; those outside [from, to) are ignored except
// the newest one before `from`, which tells the state at `from` (pass it when known).
std::vector<TimelineSegment> state_timeline(std::vector<std::int64_t> heartbeats, std::int64_t from, std::int64_t to,
                                            int warn_after, int purge_after);

}  // namespace niamd::web
