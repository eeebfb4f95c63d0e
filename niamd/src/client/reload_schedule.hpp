// ReloadSchedule: when the client re-reads its config and scripts from S3. Every refresh
// period, and on SIGHUP — but at most one SIGHUP reload per kMinReloadGap: SIGHUPs that
// arrive sooner are merged into one pending reload, done as soon as the gap has passed, so
// a SIGHUP storm costs a few reloads, and the last change before it ends is still read.
#pragma once

#include <chrono>
#include <cstdint>

#include <awsrest/clock.hpp>

namespace niamd::client {

inline constexpr std::chrono::seconds kMinReloadGap{5};

class ReloadSchedule {
  public:
    enum class Due { No, Requested, Periodic };

    // `now`: when the config was read (at start); a first SIGHUP reloads at once.
    ReloadSchedule(awsrest::TimePoint now, std::chrono::seconds refresh, std::chrono::seconds min_gap = kMinReloadGap);

    // A SIGHUP. True when it makes a reload pending; false when one already was (merged).
    bool request();
    // Whether to reload now; a reload it answers Requested or Periodic for counts as done.
    Due take_due(awsrest::TimePoint now);
    // When take_due will next answer something but No.
    awsrest::TimePoint next_due() const;
    // SIGHUPs merged into the pending reload (reset when it is done).
    std::uint64_t merged() const noexcept { return merged_; }

  private:
    std::chrono::seconds refresh_;
    std::chrono::seconds min_gap_;
    awsrest::TimePoint last_reload_;
    awsrest::TimePoint next_refresh_;
    bool requested_ = false;
    std::uint64_t merged_ = 0;
};

}  // namespace niamd::client
