#include "master/lane_governor.hpp"

#include <algorithm>

namespace niamd::master {

LaneGovernor::LaneGovernor(int available, bool automatic)
    : available_(std::max(available, 1)),
      automatic_(automatic),
      active_(automatic ? std::min(available_, kMinAutoLanes) : available_) {}

int LaneGovernor::adjust(std::uint64_t calls, std::uint64_t full, bool held_back) {
    if (!automatic_ || calls == 0) return active_;
    const double share = static_cast<double>(std::min(full, calls)) / static_cast<double>(calls);
    if (share >= kGrowWhenFull && !held_back) {
        active_ = std::min(available_, active_ + std::max(1, active_ / 2));
    } else if (share <= kShrinkWhenFull) {
        active_ = std::max(std::min(available_, kMinAutoLanes), active_ - 1);
    }
    return active_;
}

}  // namespace niamd::master
