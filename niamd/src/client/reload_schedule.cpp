#include "client/reload_schedule.hpp"

#include <algorithm>

namespace niamd::client {

ReloadSchedule::ReloadSchedule(awsrest::TimePoint now, std::chrono::seconds refresh, std::chrono::seconds min_gap)
    : refresh_(refresh), min_gap_(min_gap), last_reload_(now - min_gap), next_refresh_(now + refresh) {}

bool ReloadSchedule::request() {
    if (requested_) {
        ++merged_;
        return false;
    }
    requested_ = true;
    return true;
}

ReloadSchedule::Due ReloadSchedule::take_due(awsrest::TimePoint now) {
    Due due = Due::No;
    if (requested_ && now >= last_reload_ + min_gap_) {
        due = Due::Requested;
    } else if (now >= next_refresh_) {
        due = Due::Periodic;
    } else {
        return Due::No;
    }
    requested_ = false;  // any reload reads what a SIGHUP asked for
    merged_ = 0;
    last_reload_ = now;
    next_refresh_ = now + refresh_;
    return due;
}

awsrest::TimePoint ReloadSchedule::next_due() const {
    return requested_ ? std::min(last_reload_ + min_gap_, next_refresh_) : next_refresh_;
}

}  // namespace niamd::client
