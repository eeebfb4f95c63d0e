#include "master/host_registry.hpp"

#include <algorithm>

namespace niamd::master {

using store::AlertKind;
using store::HostStatus;

bool instance_is_gone(const std::string& state) noexcept {
    return state == "stopped" || state == "stopping" || state == "shutting-down" || state == "terminated";
}

HostRegistry::HostRegistry(LivenessSettings settings) : settings_(settings) {}

void HostRegistry::set_settings(LivenessSettings settings) {
    settings_ = settings;
    due_.clear();
    for (auto it = hosts_.begin(); it != hosts_.end(); ++it) schedule(it);
}

std::int64_t HostRegistry::deadline_of(const Entry& entry) const {
    if (entry.row.status == HostStatus::Ok) return entry.heard_at + settings_.warn_after;
    // MISSING / INSTANCE_GONE: silent for purge_after, and late for long enough to come back.
    const std::int64_t missing_for = settings_.purge_after - settings_.warn_after;
    return std::max(entry.heard_at + settings_.purge_after, entry.row.status_since + missing_for);
}

void HostRegistry::schedule(Hosts::iterator it) {
    entry(it).deadline = deadline_of(*it);
    due_.emplace(it->deadline, &it->row.key);
}

void HostRegistry::unschedule(Hosts::iterator it) { due_.erase({it->deadline, &it->row.key}); }

void HostRegistry::set_status(Entry& entry, HostStatus status, std::int64_t now, std::string detail) {
    entry.row.status = status;
    entry.row.status_since = now;
    entry.row.detail = std::move(detail);
}

void HostRegistry::restore(const store::HostRow& row) {
    if (row.status == HostStatus::Purged) return;
    auto [it, inserted] = find_or_add(row.key);
    if (!inserted) unschedule(it);
    entry(it).row = row;
    entry(it).heard_at = std::max(row.last_ping, row.first_seen);
    schedule(it);
}

HostRegistry::PingOutcome HostRegistry::ping(const store::HostKey& key, std::int64_t time, std::int64_t now) {
    PingOutcome outcome;
    const bool too_old = time < now - settings_.warn_after;
    auto existing = hosts_.find(key);
    if (existing == hosts_.end() && too_old) {
        outcome.stale = true;
        return outcome;
    }
    if (existing != hosts_.end() && (too_old || time <= existing->row.last_ping)) {
        outcome.stale = true;
        if (time > existing->row.last_ping) {
            entry(existing).row.last_ping = time;  // history's newest, though too old to mean alive
            outcome.changed = true;
        }
        return outcome;
    }
    auto [it, inserted] = existing != hosts_.end() ? std::pair{existing, false} : find_or_add(key);
    Entry& entry = HostRegistry::entry(it);
    if (inserted) {
        entry.row.first_seen = time;
        entry.row.last_ping = time;
        entry.row.status_since = now;
        entry.heard_at = now;
        schedule(it);
        outcome.created = outcome.changed = true;
        return outcome;
    }
    unschedule(it);
    entry.heard_at = std::max(entry.heard_at, now);
    if (time > entry.row.last_ping) {
        entry.row.last_ping = time;
        outcome.changed = true;
    }
    if (entry.row.status != HostStatus::Ok) {
        const std::int64_t silent = now - entry.row.status_since;
        outcome.event = HostEvent{
            AlertKind::Recovered, key,
            "PING again after " + std::to_string(silent) + " s as " + std::string(store::to_string(entry.row.status))};
        set_status(entry, HostStatus::Ok, now, {});
        outcome.changed = true;
    }
    schedule(it);
    return outcome;
}

bool HostRegistry::touch(const store::HostKey& key, std::int64_t now) {
    auto [it, inserted] = find_or_add(key);
    if (!inserted) return false;
    entry(it).row.first_seen = now;
    entry(it).row.status_since = now;
    entry(it).heard_at = now;
    schedule(it);
    return true;
}

HostEvent HostRegistry::purge(Hosts::iterator it, std::string detail) {
    HostEvent event{AlertKind::Purged, it->row.key, std::move(detail)};
    unschedule(it);
    hosts_.erase(it);
    return event;
}

std::vector<HostEvent> HostRegistry::expire(std::int64_t now, const InstanceStates& instances,
                                            std::vector<store::HostRow>& changed) {
    std::vector<HostEvent> events;
    while (!due_.empty() && due_.begin()->first <= now) {
        const store::HostKey key = *due_.begin()->second;
        auto it = hosts_.find(key);
        unschedule(it);
        Entry& entry = HostRegistry::entry(it);
        const std::int64_t silent = now - entry.heard_at;
        if (entry.row.status == HostStatus::Ok) {
            const auto state = instances.find(key.instance);
            if (state != instances.end() && instance_is_gone(state->second)) {
                set_status(entry, HostStatus::InstanceGone, now, state->second);
                events.push_back({AlertKind::InstanceGone, key,
                                  "instance is " + state->second + "; no PING for " + std::to_string(silent) + " s"});
                if (state->second == "terminated") {
                    events.push_back(purge(it, "instance terminated"));
                    continue;
                }
            } else {
                set_status(entry, HostStatus::Missing, now, {});
                events.push_back({AlertKind::Missing, key, "no PING for " + std::to_string(silent) + " s"});
            }
            changed.push_back(entry.row);
            schedule(it);
        } else {
            events.push_back(purge(it, "no PING for " + std::to_string(silent) + " s; forgotten"));
        }
    }
    return events;
}

std::vector<HostEvent> HostRegistry::apply_instances(std::int64_t now, const InstanceStates& instances,
                                                     std::vector<store::HostRow>& changed) {
    std::vector<HostEvent> events;
    for (auto it = hosts_.begin(); it != hosts_.end();) {
        const auto current = it++;
        Entry& entry = HostRegistry::entry(current);
        const auto state = instances.find(current->row.key.instance);
        if (state == instances.end() || !instance_is_gone(state->second)) continue;
        const bool news = entry.row.status == HostStatus::Missing ||
                          (entry.row.status == HostStatus::InstanceGone && entry.row.detail != state->second);
        if (!news) continue;
        unschedule(current);
        const bool was_gone = entry.row.status == HostStatus::InstanceGone;
        const std::int64_t since = entry.row.status_since;
        set_status(entry, HostStatus::InstanceGone, now, state->second);
        if (was_gone) entry.row.status_since = since;  // still gone: the purge clock keeps running
        events.push_back(
            {AlertKind::InstanceGone, current->row.key,
             "instance is " + state->second + "; no PING for " + std::to_string(now - entry.heard_at) + " s"});
        if (state->second == "terminated") {
            events.push_back(purge(current, "instance terminated"));
            continue;
        }
        changed.push_back(entry.row);
        schedule(current);
    }
    return events;
}

const store::HostRow* HostRegistry::find(const store::HostKey& key) const {
    const auto it = hosts_.find(key);
    return it == hosts_.end() ? nullptr : &it->row;
}

std::pair<HostRegistry::Hosts::iterator, bool> HostRegistry::find_or_add(const store::HostKey& key) {
    const auto at = hosts_.lower_bound(key);
    if (at != hosts_.end() && at->row.key == key) return {at, false};
    Entry added;
    added.row.key = key;
    return {hosts_.insert(at, std::move(added)), true};
}

std::int64_t HostRegistry::next_deadline() const { return due_.empty() ? 0 : due_.begin()->first; }

void HostRegistry::for_each(const std::function<void(const store::HostRow&, std::int64_t)>& visit) const {
    for (const Entry& entry : hosts_) visit(entry.row, entry.heard_at);
}

}  // namespace niamd::master
