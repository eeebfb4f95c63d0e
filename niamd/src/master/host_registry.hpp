// HostRegistry: every live host (hostname + instance), when the master last heard its
// PING, and its liveness status, with an ordered index of the next moment each host's
// status may change. expire() pops only the hosts that are due, so a tick costs
// O(due · log n) whatever the number of healthy hosts.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/history_store.hpp"

namespace niamd::master {

struct LivenessSettings {
    int warn_after = 120;   // seconds of silence before MISSING
    int purge_after = 600;  // seconds of silence before PURGED (> warn_after)
};

// A status change the registry decided; the caller turns it into an alert.
struct HostEvent {
    store::AlertKind kind = store::AlertKind::Missing;  // Missing, Recovered, InstanceGone, Purged
    store::HostKey host;
    std::string detail;
};

// EC2 state names by instance id, from the last cross-check ("running", "stopped", ...).
using InstanceStates = std::unordered_map<std::string, std::string>;

// True for the states in which an instance cannot run an agent.
bool instance_is_gone(const std::string& state) noexcept;

class HostRegistry {
  public:
    explicit HostRegistry(LivenessSettings settings = {});

    // New timers: every deadline is recomputed (O(n), only on a config change).
    void set_settings(LivenessSettings settings);
    const LivenessSettings& settings() const noexcept { return settings_; }

    // A host as the store kept it. `heard_at` is its last PING's time (the master's own
    // hearing time is not stored).
    void restore(const store::HostRow& row);

    // A PING with record time `time`, heard at `now`. Creates the host when new (`created`
    // set); a host that was MISSING or INSTANCE_GONE comes back (event Recovered). The
    // row is changed only when something in it changes (`changed`). A PING is old news
    // (`stale`: no liveness, no new host, no RECOVERED) when its time is not newer than the
    // host's newest PING or is more than warn_after before `now` (a replay, a late spool).
    struct PingOutcome {
        bool created = false;
        bool changed = false;
        bool stale = false;
        std::optional<HostEvent> event;
    };
    PingOutcome ping(const store::HostKey& key, std::int64_t time, std::int64_t now);

    // Any other record: makes sure the host exists (heard at `now` when new). True when created.
    bool touch(const store::HostKey& key, std::int64_t now);

    // Status changes due at `now`: OK hosts silent for warn_after become MISSING (or
    // INSTANCE_GONE when `instances` says their instance is stopped/terminated...);
    // hosts silent for purge_after (and MISSING for purge_after - warn_after) are purged
    // and removed. A host whose instance is terminated is purged right after its
    // INSTANCE_GONE. `changed` receives the rows to write; purged keys are in the events.
    std::vector<HostEvent> expire(std::int64_t now, const InstanceStates& instances,
                                  std::vector<store::HostRow>& changed);

    // The EC2 cross-check for silent hosts: a MISSING host whose instance is now gone
    // becomes INSTANCE_GONE; a terminated one is purged.
    std::vector<HostEvent> apply_instances(std::int64_t now, const InstanceStates& instances,
                                           std::vector<store::HostRow>& changed);

    const store::HostRow* find(const store::HostKey& key) const;
    std::size_t size() const noexcept { return hosts_.size(); }
    // Deadline of the earliest due host (for tests and the tick scheduler); 0 when none.
    std::int64_t next_deadline() const;

    // Every host, ordered by hostname then instance.
    void for_each(const std::function<void(const store::HostRow&, std::int64_t heard_at)>& visit) const;

  private:
    struct Entry {
        store::HostRow row;
        std::int64_t heard_at = 0;
        std::int64_t deadline = 0;
    };
    struct IndexOrder {
        bool operator()(const std::pair<std::int64_t, const store::HostKey*>& a,
                        const std::pair<std::int64_t, const store::HostKey*>& b) const {
            if (a.first != b.first) return a.first < b.first;
            return *a.second < *b.second;
        }
    };
    // Each host once, ordered by its row's key (the key is not kept twice: about 64 bytes a
    // host). Only the key orders the set, so the rest of an entry is changed in place (entry()).
    struct KeyOrder {
        using is_transparent = void;
        bool operator()(const Entry& a, const Entry& b) const { return a.row.key < b.row.key; }
        bool operator()(const Entry& a, const store::HostKey& b) const { return a.row.key < b; }
        bool operator()(const store::HostKey& a, const Entry& b) const { return a < b.row.key; }
    };
    using Hosts = std::set<Entry, KeyOrder>;
    static Entry& entry(Hosts::iterator it) { return const_cast<Entry&>(*it); }
    std::pair<Hosts::iterator, bool> find_or_add(const store::HostKey& key);

    std::int64_t deadline_of(const Entry& entry) const;
    void schedule(Hosts::iterator it);
    void unschedule(Hosts::iterator it);
    void set_status(Entry& entry, store::HostStatus status, std::int64_t now, std::string detail);
    HostEvent purge(Hosts::iterator it, std::string detail);  // removes the host

    LivenessSettings settings_;
    Hosts hosts_;
    std::set<std::pair<std::int64_t, const store::HostKey*>, IndexOrder> due_;
};

}  // namespace niamd::master
