// What the dashboard shows for a host: one state, worst first, from its liveness status,
// how long it has been silent and its checks.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "master/master_snapshot.hpp"

namespace niamd::web {

enum class HostState {
    PurgeSoon,     // MISSING and in the last 20% of PURGE_AFTER before it is purged
    Missing,       // MISSING (heartbeats late by more than WARN_AFTER)
    InstanceGone,  // EC2 says the instance is stopped or terminated
    CheckFailing,  // heartbeats on time, at least one check FAILED
    Ok,
};

inline constexpr HostState kAllHostStates[] = {HostState::PurgeSoon, HostState::Missing, HostState::InstanceGone,
                                               HostState::CheckFailing, HostState::Ok};

std::string_view to_string(HostState state) noexcept;  // "PURGE_SOON", "MISSING", ...
std::optional<HostState> host_state_from_string(std::string_view text) noexcept;

// Seconds until the host is purged, counted from its last heartbeat (never negative).
std::int64_t seconds_until_purge(const master::HostView& host, std::int64_t now, int purge_after) noexcept;

HostState classify(const master::HostView& host, std::int64_t now, int purge_after) noexcept;

}  // namespace niamd::web
