// LogRateLimit: LOG_RATE for log sources that cannot wait (a container's stream: the engine
// does not hold lines back for us). Per source, at most `rate` lines in one second of the
// client's clock; the lines over it are dropped and counted, and told as one `log.dropped`
// EVENT per source and minute at most (fields source, dropped = lines since the last one,
// since = the time of the first of them). A source that waits instead (the journal: the lines
// stay in it) does not use this.
//
// Bounded: a source is remembered while it has lines in the current second, drops not yet
// told, or an event told less than a minute ago; at most kMaxRateSources at once (past that a
// new source's lines are let through uncounted until old ones are forgotten).
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/log_record.hpp"

namespace niamd::client {

inline constexpr std::size_t kMaxRateSources = 4096;
inline constexpr std::int64_t kRateDropTellSeconds = 60;

class LogRateLimit {
  public:
    // True when a line of `source` at `now` is within `rate` lines this second; false: dropped
    // (counted). `now` never goes back (the client's Unix seconds).
    bool admit(const std::string& source, std::int64_t now, std::size_t rate);
    // The log.dropped events due at `now`, ids `<id_prefix>:<source>:<now>`; forgets the
    // sources there is nothing more to remember of.
    std::vector<protocol::Event> due_events(std::int64_t now, std::string_view id_prefix);

    std::uint64_t dropped() const noexcept { return dropped_; }  // lines dropped, over the object's life
    std::size_t sources() const noexcept { return sources_.size(); }

  private:
    static constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::min();
    struct Source {
        std::int64_t second = kNever;  // the second `lines` counts
        std::size_t lines = 0;
        std::uint64_t untold = 0;    // dropped, not yet told
        std::int64_t since = 0;      // the time of the first of those
        std::int64_t told = kNever;  // when the last event was made
    };
    std::map<std::string, Source, std::less<>> sources_;
    std::uint64_t dropped_ = 0;
};

}  // namespace niamd::client
