// LaneGovernor: how many of the master's receive lanes poll the queue. With a fixed
// `RECEIVERS n` all n do. With `RECEIVERS auto` (the default) the number follows how full
// the receives come back: a ReceiveMessage answered with 10 messages (the most SQS gives)
// says the queue holds more than the lanes take, so while most receives of a window came
// back full, half as many lanes again poll (up to the lanes there are); while almost none
// did, one lane fewer (down to kMinAutoLanes). In between nothing changes, so it does not
// flap. The need is rate × round trip / 10: at 3,400 messages/s and 20 ms, 7 lanes; at
// 60 ms, 21. No lane is added while the lanes are held back because applying is behind.
#pragma once

#include <cstdint>

namespace niamd::master {

inline constexpr int kMinAutoLanes = 2;
inline constexpr double kGrowWhenFull = 0.5;     // of a window's receives, full: more lanes
inline constexpr double kShrinkWhenFull = 0.05;  // at most this many full: one fewer

class LaneGovernor {
  public:
    // `available`: the lanes there are (at least 1); `automatic`: RECEIVERS auto.
    LaneGovernor(int available, bool automatic);

    int active() const noexcept { return active_; }
    int available() const noexcept { return available_; }

    // One window's receives: `calls` answered, `full` of them with 10 messages; `held_back`:
    // the lanes paused for applying. Returns the lanes to poll from now on.
    int adjust(std::uint64_t calls, std::uint64_t full, bool held_back);

  private:
    int available_;
    bool automatic_;
    int active_;
};

}  // namespace niamd::master
