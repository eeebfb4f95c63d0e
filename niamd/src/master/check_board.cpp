#include "master/check_board.hpp"

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

CheckBoard::Outcome CheckBoard::apply(const store::CheckResultRow& result, std::int64_t now, int renotify) {
    Outcome outcome;
    auto [it, inserted] = states_.try_emplace(result.check);
    store::CheckStateRow& state = it->second;
    const bool failed = result.status != 0;
    const std::string what = describe_check(result.check);
    const std::string output = result.output.empty() ? std::string() : ": " + one_line(result.output, 512);
    if (!inserted && result.time <= state.last_time) return outcome;  // old news

    const bool flipped = inserted ? failed : (state.status != 0) != failed;
    const std::int64_t previous_since = state.since;
    state.check = result.check;
    state.last_time = result.time;
    state.latency_ms = result.latency_ms;
    state.nagios_code = result.nagios_code;
    state.output = result.output;
    outcome.changed = true;
    if (inserted || flipped) {
        state.status = result.status;
        state.since = result.time;
    }
    if (flipped) {
        state.last_notified = now;
        if (failed) {
            outcome.event = CheckEvent{AlertKind::CheckFailed, result.check, what + " FAILED" + output};
        } else {
            outcome.event = CheckEvent{AlertKind::CheckOk, result.check,
                                       what + " OK again after " + std::to_string(result.time - previous_since) +
                                           " s" + output};
        }
    } else if (failed && renotify > 0 && now - state.last_notified >= renotify) {
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
