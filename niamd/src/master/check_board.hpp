// CheckBoard: the current state of every check (LPING, HTTP, SCRIPT, SERVICE) of every
// host. Only a confirmed change of status alerts (CHECK_FAILED / CHECK_OK), plus an
// optional repeat of CHECK_FAILED for a check still failing `renotify` seconds after the
// last alert. A result not newer than the state (replayed from a client's spool, or
// redelivered) goes to history but changes nothing.
//
// Noise control, as the client configured it with each result (docs/alerts.md):
// - retries = N: CHECK_FAILED only after N + 1 consecutive failures; recover = M: CHECK_OK
//   only after M (default 1) consecutive successes; never CHECK_OK without CHECK_FAILED.
// - flap_changes = F (> 0): a check whose status changed more than F times in its last 21
//   results alerts FLAPPING once and no CHECK_FAILED/CHECK_OK while it flaps; once its
//   changes in the window are down to F / 2 or fewer it alerts STABLE once, and the next
//   result alerts as usual if its run of equal results confirms a new status.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "store/history_store.hpp"

namespace niamd::master {

struct CheckEvent {
    store::AlertKind kind = store::AlertKind::CheckFailed;  // CheckFailed, CheckOk, Flapping, Stable
    store::CheckKey check;
    std::string detail;
};

// "HTTP www.example.org:443", "SCRIPT check_disk -w 20%", "LPING db1:5432".
std::string describe_check(const store::CheckKey& check);

// Results in the flapping window (Nagios' 21).
inline constexpr int kFlapWindow = 21;

// Status changes between consecutive results among the newest `count` bits of `recent`.
int status_changes(std::int64_t recent, int count) noexcept;

class CheckBoard {
  public:
    void restore(const store::CheckStateRow& row);

    struct Outcome {
        bool changed = false;  // the state row changed: write it
        std::optional<CheckEvent> event;
    };
    // One result, applied at `now` (the master's time, for last_notified).
    Outcome apply(const store::CheckResultRow& result, std::int64_t now, int renotify);

    const store::CheckStateRow* find(const store::CheckKey& key) const;
    // The checks of one host, ordered by kind, target, port_or_arg.
    std::vector<store::CheckStateRow> of_host(const store::HostKey& host) const;
    // Drops one check (a service removed on its host).
    void forget_check(const store::CheckKey& key) { states_.erase(key); }
    // Drops the checks of a purged host.
    void forget(const store::HostKey& host);
    std::size_t size() const noexcept { return states_.size(); }

  private:
    std::map<store::CheckKey, store::CheckStateRow>::const_iterator first_of(const store::HostKey& host) const;

    std::map<store::CheckKey, store::CheckStateRow> states_;
};

}  // namespace niamd::master
