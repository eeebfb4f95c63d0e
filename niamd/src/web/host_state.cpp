#include "web/host_state.hpp"

#include <algorithm>

namespace niamd::web {

std::string_view to_string(HostState state) noexcept {
    switch (state) {
        case HostState::PurgeSoon: return "PURGE_SOON";
        case HostState::Missing: return "MISSING";
        case HostState::InstanceGone: return "INSTANCE_GONE";
        case HostState::CheckFailing: return "CHECK_FAILING";
        case HostState::Ok: return "OK";
    }
    return "OK";
}

std::optional<HostState> host_state_from_string(std::string_view text) noexcept {
    for (const HostState state : kAllHostStates) {
        if (to_string(state) == text) return state;
    }
    return std::nullopt;
}

std::int64_t seconds_until_purge(const master::HostView& host, std::int64_t now, int purge_after) noexcept {
    return std::max<std::int64_t>(0, host.host.last_ping + purge_after - now);
}

HostState classify(const master::HostView& host, std::int64_t now, int purge_after) noexcept {
    switch (host.host.status) {
        case store::HostStatus::Missing:
        case store::HostStatus::Purged: {
            // The last fifth of PURGE_AFTER: remaining * 5 <= purge_after, in integers.
            const std::int64_t remaining = seconds_until_purge(host, now, purge_after);
            return remaining * 5 <= purge_after ? HostState::PurgeSoon : HostState::Missing;
        }
        case store::HostStatus::InstanceGone: return HostState::InstanceGone;
        case store::HostStatus::Ok: break;
    }
    const bool failing = std::any_of(host.checks.begin(), host.checks.end(),
                                     [](const store::CheckStateRow& check) { return check.status != 0; });
    return failing ? HostState::CheckFailing : HostState::Ok;
}

}  // namespace niamd::web
