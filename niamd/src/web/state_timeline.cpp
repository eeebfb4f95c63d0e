#include "web/state_timeline.hpp"

#include <algorithm>

namespace niamd::web {
namespace {

class SegmentList {
  public:
    SegmentList(std::int64_t from, std::int64_t to) : from_(from), to_(to) {}

    // Adds [begin, end) clipped to the window, merging with the previous segment.
    void add(TimelineState state, std::int64_t begin, std::int64_t end) {
        begin = std::max(begin, from_);
        end = std::min(end, to_);
        if (begin >= end) return;
        if (!segments_.empty() && segments_.back().state == state && segments_.back().to == begin) {
            segments_.back().to = end;
        } else {
            segments_.push_back({state, begin, end});
        }
    }

    // After a heartbeat at `beat`, until `until`: OK, then MISSING, then PURGED.
    void silence(std::int64_t beat, std::int64_t until, int warn_after, int purge_after) {
        const std::int64_t missing_at = beat + warn_after;
        const std::int64_t purged_at = beat + std::max(purge_after, warn_after);
        add(TimelineState::Ok, beat, std::min(until, missing_at));
        add(TimelineState::Missing, missing_at, std::min(until, purged_at));
        add(TimelineState::Purged, purged_at, until);
    }

    std::vector<TimelineSegment> take() { return std::move(segments_); }

  private:
    std::int64_t from_;
    std::int64_t to_;
    std::vector<TimelineSegment> segments_;
};

}  // namespace

std::string_view to_string(TimelineState state) noexcept {
    switch (state) {
        case TimelineState::NoData: return "NO_DATA";
        case TimelineState::Ok: return "OK";
        case TimelineState::Missing: return "MISSING";
        case TimelineState::Purged: return "PURGED";
    }
    return "NO_DATA";
}

std::vector<TimelineSegment> state_timeline(std::vector<std::int64_t> heartbeats, std::int64_t from, std::int64_t to,
                                            int warn_after, int purge_after) {
    if (to <= from) return {};
    warn_after = std::max(warn_after, 0);
    std::sort(heartbeats.begin(), heartbeats.end());
    heartbeats.erase(std::unique(heartbeats.begin(), heartbeats.end()), heartbeats.end());

    // Start from the newest heartbeat before the window, if any; drop those after it.
    auto first = std::lower_bound(heartbeats.begin(), heartbeats.end(), from);
    if (first != heartbeats.begin()) --first;
    const auto last = std::lower_bound(heartbeats.begin(), heartbeats.end(), to);

    SegmentList segments(from, to);
    if (first == last) {
        segments.add(TimelineState::NoData, from, to);
        return segments.take();
    }
    segments.add(TimelineState::NoData, from, *first);
    for (auto beat = first; beat != last; ++beat) {
        const std::int64_t next = std::next(beat) != last ? *std::next(beat) : to;
        segments.silence(*beat, next, warn_after, purge_after);
    }
    return segments.take();
}

}  // namespace niamd::web
