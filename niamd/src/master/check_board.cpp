#include "master/check_board.hpp"

#include <algorithm>
#include <bit>

#include "master/alert_text.hpp"

namespace niamd::master {

using store::AlertKind;

std::string describe_check(const store::CheckKey& check) {
    std::string text(protocol::to_string(check.kind));
    text += ' ';
    text += check.target;
    if (check.kind == protocol::RecordKind::Service) {
        text += " (" + check.port_or_arg + ")";  // its type
    } else if (check.kind == protocol::RecordKind::Script || check.kind == protocol::RecordKind::Problem) {
        if (!check.port_or_arg.empty()) text += " " + check.port_or_arg;
    } else {
        text += ":" + check.port_or_arg;
    }
    return one_line(text, 512);
}

void CheckBoard::restore(const store::CheckStateRow& row) { states_[row.check] = row; }

namespace {

constexpr int kMaxStreak = 1 << 30;  // a run longer than this counts as this long

}  // namespace

int status_changes(std::int64_t recent, int count) noexcept {
    if (count < 2) return 0;
    const auto bits = static_cast<std::uint64_t>(recent);
    const std::uint64_t mask = (std::uint64_t{1} << (count - 1)) - 1;
    return std::popcount((bits ^ (bits >> 1)) & mask);
}

CheckBoard::Outcome CheckBoard::apply(const store::CheckResultRow& result, std::int64_t now, int renotify) {
    Outcome outcome;
    auto [it, inserted] = states_.try_emplace(result.check);
    store::CheckStateRow& state = it->second;
    const bool failed = result.status != 0;
    if (!inserted && result.time <= state.last_time) return outcome;  // old news
    const std::string what = describe_check(result.check);
    const std::string output = result.output.empty() ? std::string() : ": " + one_line(result.output, 512);

    state.check = result.check;
    state.last_time = result.time;
    state.latency_ms = result.latency_ms;
    state.nagios_code = result.nagios_code;
    state.output = result.output;
    if (inserted) {
        state.status = 0;
        state.since = result.time;
    }
    outcome.changed = true;
    if (failed) {
        state.streak = state.streak > 0 ? std::min(state.streak + 1, kMaxStreak) : 1;
    } else {
        state.streak = state.streak < 0 ? std::max(state.streak - 1, -kMaxStreak) : -1;
    }
    const std::int64_t window = (std::int64_t{1} << kFlapWindow) - 1;
    state.recent = ((state.recent << 1) | (failed ? 1 : 0)) & window;
    state.recent_count = std::min(state.recent_count + 1, kFlapWindow);

    // Flapping: hold the check's alerts while its status keeps changing.
    const int changes = status_changes(state.recent, state.recent_count);
    const std::string in_window =
        std::to_string(changes) + " status changes in the last " + std::to_string(state.recent_count) + " results";
    if (!state.flapping && result.flap_changes > 0 && changes > result.flap_changes) {
        state.flapping = true;
        state.last_notified = now;
        outcome.event = CheckEvent{AlertKind::Flapping, result.check,
                                   what + " FLAPPING: " + in_window + "; its alerts are held until it is stable"};
        return outcome;
    }
    if (state.flapping) {
        if (result.flap_changes > 0 && changes > result.flap_changes / 2) return outcome;  // still flapping
        state.flapping = false;
        state.last_notified = now;
        outcome.event =
            CheckEvent{AlertKind::Stable, result.check,
                       what + " STABLE: " + in_window + "; last result " + (failed ? "FAILED" : "OK") + output};
        return outcome;
    }

    const int needed_failures = std::max(result.retries, 0) + 1;
    const int needed_successes = std::max(result.recover, 1);
    if (state.status == 0 && failed && state.streak >= needed_failures) {
        state.status = result.status;
        state.since = result.time;
        state.last_notified = now;
        const std::string runs = needed_failures > 1 ? " (" + std::to_string(state.streak) + " failures in a row)" : "";
        outcome.event = CheckEvent{AlertKind::CheckFailed, result.check, what + " FAILED" + runs + output};
    } else if (state.status != 0 && !failed && -state.streak >= needed_successes) {
        const std::int64_t previous_since = state.since;
        state.status = 0;
        state.since = result.time;
        state.last_notified = now;
        outcome.event =
            CheckEvent{AlertKind::CheckOk, result.check,
                       what + " OK again after " + std::to_string(result.time - previous_since) + " s" + output};
    } else if (state.status != 0 && failed && renotify > 0 && now - state.last_notified >= renotify) {
        state.last_notified = now;
        outcome.event = CheckEvent{AlertKind::CheckFailed, result.check,
                                   what + " still FAILED since " + iso_time(state.since) + output};
    }
    return outcome;
}

const store::CheckStateRow* CheckBoard::find(const store::CheckKey& key) const {
    const auto it = states_.find(key);
    return it == states_.end() ? nullptr : &it->second;
}

std::map<store::CheckKey, store::CheckStateRow>::const_iterator CheckBoard::first_of(const store::HostKey& host) const {
    store::CheckKey lowest;
    lowest.host = host;
    lowest.kind = protocol::RecordKind::Ping;  // the smallest kind
    return states_.lower_bound(lowest);
}

std::vector<store::CheckStateRow> CheckBoard::of_host(const store::HostKey& host) const {
    std::vector<store::CheckStateRow> rows;
    for (auto it = first_of(host); it != states_.end() && it->first.host == host; ++it) rows.push_back(it->second);
    return rows;
}

void CheckBoard::forget(const store::HostKey& host) {
    auto it = first_of(host);
    while (it != states_.end() && it->first.host == host) it = states_.erase(it);
}

}  // namespace niamd::master
