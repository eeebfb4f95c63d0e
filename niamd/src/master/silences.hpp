// Silences and maintenance windows (docs/silences.md). A silence names a host (or "*") and
// optionally one of its checks, with a time span, a comment and its author; a maintenance
// window (config MAINTENANCE) names a host (or "*") and a span that is either once or weekly
// in local time of an IANA zone. Both matchers are pure over `now`: a window that began while
// the master was down covers the first alert after its start.
//
// SilenceBook holds the silences for the master's thread (which asks whether an alert is
// covered) and the web's (which adds, lists and removes them); every call takes its mutex.
// Changes are also kept for the store: the master takes them each round and writes them in
// the round's transaction.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "config/host_config.hpp"
#include "store/history_store.hpp"

namespace niamd::master {

inline constexpr std::size_t kMaxSilences = 10000;  // not yet ended; more are refused
inline constexpr std::size_t kMaxSilenceCommentBytes = 512;
inline constexpr std::size_t kMaxSilenceAuthorBytes = 128;
inline constexpr std::size_t kMaxSilenceHostBytes = 255;
inline constexpr std::size_t kMaxSilenceCheckBytes = 512;
inline constexpr std::int64_t kMaxSilenceSeconds = 366LL * 86400;  // a silence ends within a year

// What an alert is about: its host (empty for the master's own alerts, which nothing
// silences) and, for a check's alert, the check's target and port or argument.
struct AlertSubject {
    store::HostKey host;
    std::optional<std::pair<std::string, std::string>> check;  // target, port_or_arg
};

// Whether `silence` covers the subject at `now`: starts <= now < ends; its host is "*", the
// hostname or the instance id; no check, or the subject's check named by "TARGET" or
// "TARGET:PORT_OR_ARG". A host-less subject is never covered.
bool silence_covers(const store::SilenceRow& silence, const AlertSubject& subject, std::int64_t now);
// Whether the window covers the host at `now` (every check of the host too).
bool window_covers(const config::MaintenanceSpec& window, const store::HostKey& host, std::int64_t now);

// A silence as the web asks for it: the checks it must pass, one message when it does not.
std::optional<std::string> silence_problem(const store::SilenceRow& silence, std::int64_t now);

class SilenceBook {
  public:
    struct Changes {
        std::vector<store::SilenceRow> added;
        std::vector<std::int64_t> removed;
        bool empty() const noexcept { return added.empty() && removed.empty(); }
    };

    // The stored silences (the master's start): ended ones are dropped (and removed from the store).
    void restore(std::vector<store::SilenceRow> rows, std::int64_t now);
    // Gives the silence an id and `created`; refused (the message why) when it is not valid
    // or kMaxSilences have not ended yet.
    std::variant<store::SilenceRow, std::string> add(store::SilenceRow silence, std::int64_t now);
    bool remove(std::int64_t id);
    // Not yet ended, by id.
    std::vector<store::SilenceRow> list(std::int64_t now) const;
    // The first silence covering the subject at `now`.
    std::optional<store::SilenceRow> covering(const AlertSubject& subject, std::int64_t now) const;
    // Drops ended silences (removed from the store too).
    void prune(std::int64_t now);
    // What changed since the last call, for the store.
    Changes take_changes();

  private:
    void prune_locked(std::int64_t now);  // prune, with mutex_ held

    mutable std::mutex mutex_;
    std::map<std::int64_t, store::SilenceRow> silences_;
    std::int64_t next_id_ = 1;
    Changes changes_;
};

}  // namespace niamd::master
