// Control: what tells a running loop to stop or to reload, and how it waits. Both the
// client's loop and the master role's loop take one instead of reading process-wide signal
// state; the signal handlers (daemon/signals.hpp) feed the daemon's Control, a test feeds
// its own. Waiting is on the injected clock: with the real clock a wait sleeps on a wake
// pipe that a stop or reload request writes to (so it ends at once); with Waiting::OnClock
// it calls clock.sleep_for, which a test's ManualClock answers by advancing its time.
#pragma once

#include <atomic>
#include <chrono>

#include <awsrest/clock.hpp>

namespace niamd::control {

class Control {
  public:
    enum class Waiting { OnWakePipe, OnClock };

    explicit Control(awsrest::Clock& clock, Waiting waiting = Waiting::OnWakePipe);
    ~Control();
    Control(const Control&) = delete;
    Control& operator=(const Control&) = delete;

    awsrest::Clock& clock() const noexcept { return clock_; }

    // Both requests are async-signal-safe (an atomic store and a write(2)).
    void request_stop() noexcept;
    void request_reload() noexcept;
    bool stop_requested() const noexcept { return stop_.load(); }
    // True once per reload request (any number of requests since the last call).
    bool take_reload_request() noexcept { return reload_.exchange(false); }

    // Returns once the clock reaches `until`, or earlier when a stop or reload is (or was
    // already) requested and not yet taken.
    void wait_until(awsrest::TimePoint until);
    void wait_for(std::chrono::milliseconds duration) { wait_until(clock_.now() + duration); }

  private:
    bool interrupted() const noexcept { return stop_.load() || reload_.load(); }
    void wake() noexcept;

    awsrest::Clock& clock_;
    Waiting waiting_;
    std::atomic<bool> stop_{false};
    std::atomic<bool> reload_{false};
    int pipe_[2] = {-1, -1};
};

}  // namespace niamd::control
