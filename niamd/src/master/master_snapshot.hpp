// MasterSnapshot: a consistent, read-only picture of what the master knows, published
// after every round so the web interface and /metrics never touch the live registry.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

#include "master/service_registry.hpp"
#include "master/silences.hpp"
#include "store/history_store.hpp"

namespace niamd::master {

// The kinds of record a client's outbox counts when it drops them (client/outbox.hpp).
// "log": LOG and EVENT records, dropped first; a client older than that kind never reports it.
inline constexpr std::array<std::string_view, 4> kClientDropKinds = {"metric", "check", "ping", "log"};

// What a host's client last said of its outbox (the niamd.outbox.* samples, docs/metrics.md).
struct ClientOutbox {
    bool reported = false;  // false: no such sample since the master started (or an older client)
    std::array<std::uint64_t, kClientDropKinds.size()> dropped{};  // records dropped, by kind: counters
    std::uint64_t records = 0;                                     // records waiting in the outbox (unsent)
    std::uint64_t bytes = 0;                                       // their size in the client's spool file
};

struct HostView {
    store::HostRow host;
    std::vector<store::CheckStateRow> checks;  // ordered by kind, target, port_or_arg
    ClientOutbox outbox;
    std::vector<ServiceView> services;  // registered (monitoring-info), ordered by name
};

// The CloudWatch publisher's counts (master/cloudwatch_publisher.hpp), since the master started.
struct CloudWatchCounters {
    std::uint64_t published = 0;        // data CloudWatch accepted
    std::uint64_t failed_attempts = 0;  // PutMetricData requests that failed (their data retried)
    std::uint64_t dropped = 0;          // data dropped, oldest first, because the queue was full
    std::uint64_t rejected = 0;         // data CloudWatch (or the library) refused as invalid: not retried
    std::uint64_t queued = 0;           // data waiting now (a gauge)
};

// Log lines and events (master/log_intake.hpp): received, stored, ignored as stored already,
// and dropped (unreadable, the batch's or the host's bound reached, the host refused).
struct LogCounters {
    std::uint64_t lines_received = 0;
    std::uint64_t lines_stored = 0;
    std::uint64_t lines_duplicate = 0;
    std::uint64_t lines_unreadable = 0;
    std::uint64_t lines_batch_full = 0;
    std::uint64_t lines_host_full = 0;
    std::uint64_t lines_host_refused = 0;
    std::uint64_t events_received = 0;
    std::uint64_t events_stored = 0;
    std::uint64_t events_duplicate = 0;
    std::uint64_t events_unreadable = 0;
    std::uint64_t events_batch_full = 0;
    std::uint64_t events_host_full = 0;
    std::uint64_t events_host_refused = 0;
};

// Monotonic counters since the master started.
struct MasterCounters {
    std::uint64_t messages_received = 0;            // queue messages applied (redeliveries not counted)
    std::uint64_t records_received = 0;             // good records in them
    std::uint64_t malformed_messages = 0;           // messages with at least one bad line, or none good
    std::uint64_t forged_messages = 0;              // HMAC did not match
    std::uint64_t duplicate_messages = 0;           // redeliveries ignored
    std::uint64_t seen_messages = 0;                // message ids held to recognise redeliveries (a gauge)
    std::uint64_t seen_messages_forgotten = 0;      // ids forgotten before their window ended (kMaxSeenMessages held)
    std::uint64_t queue_receive_errors = 0;         // ReceiveMessage calls that failed
    std::uint64_t sns_publish_failures = 0;         // Publish attempts that failed
    std::uint64_t replayed_messages = 0;            // signed messages refused as replays (or without a send time)
    std::uint64_t stale_records = 0;                // records too old to apply, and PINGs too old to mean alive
    std::uint64_t hosts_refused = 0;                // records of new hosts refused (MAX_HOSTS, new hosts a minute)
    std::uint64_t alerts_folded = 0;                // host alerts folded into a summary instead of sent one by one
    std::uint64_t alerts_suppressed = 0;            // alerts inside a silence or maintenance window, stored, not sent
    std::uint64_t clock_gaps = 0;                   // ticks after a stall: hosts held as after a restart
    std::uint64_t store_failures = 0;               // commits that failed
    std::uint64_t metric_samples_received = 0;      // METRIC records received (applied or refused)
    std::uint64_t metric_samples_stored = 0;        // samples written (committed)
    std::uint64_t metric_samples_duplicate = 0;     // samples already stored (a resent message): ignored
    std::uint64_t metric_samples_bad_tags = 0;      // refused: the tags field could not be read
    std::uint64_t metric_samples_host_refused = 0;  // refused: their host was refused (MAX_HOSTS, new hosts a minute)
    std::uint64_t metric_samples_series_limit = 0;  // refused: a new series of a host at kMaxSeriesPerHost
    std::uint64_t inventory_parts_received = 0;     // INVENTORY records received
    std::uint64_t inventories_received = 0;         // complete inventories (all parts of one digest) applied
    std::uint64_t inventory_parts_dropped = 0;      // parts dropped: replaced by a newer digest, over the bound
    std::uint64_t inventories_refused = 0;          // complete but unreadable, digest not matching, host refused
    std::uint64_t registrations_received = 0;       // complete SERVICES sets applied (a changed digest)
    std::uint64_t registrations_refused = 0;        // complete but unreadable or digest not matching
    std::map<store::AlertKind, std::uint64_t> alerts_by_kind;  // alerts raised
    std::uint64_t threshold_series_refused = 0;    // samples not judged: their host had kMaxLevelsPerHost levels
    std::uint64_t log_rule_alerts_suppressed = 0;  // LOG/CONTAINER/SSH_ALERT over kMaxRuleAlertsPerMinute
    std::uint64_t log_rule_windows_evicted = 0;    // rule windows evicted at kMaxWindowsPerRule
    CloudWatchCounters cloudwatch;
    LogCounters logs;
};

// The receive lanes' work (RECEIVERS), summed over the lanes, since the master started.
struct LaneCounters {
    int lanes = 0;                            // receive lanes running
    int active = 0;                           // of those, polling now (RECEIVERS auto: as many as needed)
    std::uint64_t full_receives = 0;          // ReceiveMessage calls answered with 10 messages
    std::uint64_t receive_calls = 0;          // ReceiveMessage calls answered (empty ones too)
    std::uint64_t received = 0;               // messages received (redeliveries too)
    std::uint64_t applied = 0;                // of those, taken by the applying thread
    std::uint64_t delete_calls = 0;           // DeleteMessageBatch calls answered
    std::uint64_t deleted = 0;                // messages deleted
    std::uint64_t delete_failures = 0;        // DeleteMessageBatch calls that failed (their messages retried)
    std::uint64_t delete_entries_failed = 0;  // entries a batch could not delete (delivered again, ignored)
    std::uint64_t deletes_dropped = 0;        // receipts dropped over the pending bound (delivered again, ignored)
    std::uint64_t visibility_changes = 0;     // received at the stop, not applied: made visible again
};

struct MasterSnapshot {
    std::int64_t taken_at = 0;  // Unix seconds
    int warn_after = 120;
    int purge_after = 600;
    bool queue_reachable = true;
    std::uint64_t metric_series = 0;  // series in the store, as of the last commit that wrote samples
    std::vector<HostView> hosts;      // live hosts (not purged), ordered by hostname, instance
    MasterCounters counters;
    LaneCounters lanes;
};

// Where the master publishes snapshots and readers take the latest one. Thread-safe.
// What the master shares with the web: the latest snapshot, and the silences (which the
// web adds and removes, the master applies and stores; SilenceBook is thread-safe).
class SnapshotBoard {
  public:
    SilenceBook& silences() const noexcept { return silences_; }

    void publish(std::shared_ptr<const MasterSnapshot> snapshot) {
        std::lock_guard lock(mutex_);
        latest_ = std::move(snapshot);
    }
    std::shared_ptr<const MasterSnapshot> latest() const {
        std::lock_guard lock(mutex_);
        return latest_ ? latest_ : std::make_shared<const MasterSnapshot>();
    }

  private:
    mutable std::mutex mutex_;
    std::shared_ptr<const MasterSnapshot> latest_;
    mutable SilenceBook silences_;
};

}  // namespace niamd::master
