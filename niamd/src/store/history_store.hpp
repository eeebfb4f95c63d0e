// HistoryStore: what the master keeps in SQL — hosts, heartbeats, check results, check
// states, alerts with their delivery state, metric samples (store/metric_rows.hpp) and
// inventories (store/inventory_rows.hpp). SQLite (default) and MariaDB implement it.
// Times are Unix seconds (UTC). Every call is one statement or one transaction; the
// master calls it from one thread (the web interface opens its own store for reading).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <awsrest/result.hpp>

#include "protocol/record.hpp"
#include "store/inventory_rows.hpp"
#include "store/log_rows.hpp"
#include "store/metric_rows.hpp"

namespace niamd::store {

// A monitored host is its hostname plus the instance id it reports ("NOT-AWS" off EC2).
struct HostKey {
    std::string hostname;
    std::string instance;

    friend bool operator==(const HostKey&, const HostKey&) = default;
    friend auto operator<=>(const HostKey&, const HostKey&) = default;
};

// Liveness of a host, as the master last decided it.
enum class HostStatus { Ok, Missing, InstanceGone, Purged };
std::string_view to_string(HostStatus status) noexcept;  // "OK", "MISSING", ...
std::optional<HostStatus> host_status_from_string(std::string_view text) noexcept;

struct HostRow {
    HostKey key;
    HostStatus status = HostStatus::Ok;
    std::int64_t first_seen = 0;    // first PING (or record) ever applied
    std::int64_t last_ping = 0;     // time field of the newest PING applied
    std::int64_t status_since = 0;  // when status last changed
    std::string detail;             // e.g. the EC2 state for InstanceGone; may be empty
};

// One check of one host: LPING/HTTP target+port, or SCRIPT name+argument.
struct CheckKey {
    HostKey host;
    protocol::RecordKind kind = protocol::RecordKind::Lping;
    std::string target;
    std::string port_or_arg;

    friend bool operator==(const CheckKey&, const CheckKey&) = default;
    friend auto operator<=>(const CheckKey&, const CheckKey&) = default;
};

// One check result as received (history).
struct CheckResultRow {
    CheckKey check;
    std::int64_t time = 0;  // the record's time field
    int status = 0;         // 0 OK, 1 FAILED
    std::optional<int> latency_ms;
    std::optional<int> nagios_code;
    std::string output;
    // Noise control the client configured for the check (0 = default): FAILED only after
    // retries + 1 consecutive failures, OK again after `recover` (default 1) successes,
    // FLAPPING when the status changed more than flap_changes times in the last 21 results
    // (0 = no flap detection). Not stored in check_results.
    int retries = 0;
    int recover = 0;
    int flap_changes = 0;
};

// One heartbeat as received (history).
struct HeartbeatRow {
    HostKey host;
    std::int64_t time = 0;
};

// The current state of one check: its alerted (hard) status and what the newest applied
// result said.
struct CheckStateRow {
    CheckKey check;
    int status = 0;                  // 0 OK, 1 FAILED: the status last alerted (or confirmed)
    std::int64_t last_time = 0;      // time of the newest result applied
    std::int64_t since = 0;          // time of the result that set this status
    std::int64_t last_notified = 0;  // when an alert about this status last went out (0 never)
    std::optional<int> latency_ms;
    std::optional<int> nagios_code;
    std::string output;
    // Noise control (master/check_board.hpp): the run of equal results ending with the newest
    // (> 0: that many failures, < 0: that many successes), the statuses of the last
    // recent_count (<= 21) results (bit 0 the newest, 1 FAILED), and whether the check is
    // flapping (alerts held until it is stable).
    int streak = 0;
    std::int64_t recent = 0;
    int recent_count = 0;
    bool flapping = false;
};

enum class AlertKind {
    Missing,
    Recovered,
    Purged,
    CheckFailed,
    CheckOk,
    InstanceGone,
    NoAgent,
    QueueUnreachable,
    QueueOk,
    HostsRefused,      // new hosts refused (MAX_HOSTS reached, or too many new ones a minute)
    StoreUnavailable,  // the history store cannot be written; alerts go out from memory
    MetricWarning,     // a metric series outside its THRESHOLD's WARN range (for FOR seconds)
    MetricCritical,    // ... outside its CRIT range
    MetricOk,          // ... back within its ranges
    ServiceMissing,    // a registered service (monitoring-info) sent no result for 2 x its interval + WARN_AFTER
    ServiceRemoved,    // a service the host no longer registers: history only, never sent
    Flapping,          // a check changed status too often in its last 21 results: its alerts are held
    Stable,            // ... and it is stable again
    LogAlert,          // a LOG_ALERT rule's lines matched (COUNT times WITHIN seconds)
    ContainerAlert,  // a CONTAINER_ALERT rule: a container died non-zero, was killed for memory, unhealthy, restarting
    SshAlert,        // an SSH_ALERT rule: failed logins (brute force) or an accepted login
    RuleCleared,     // ... that rule's window is empty again: history only, never sent
};
std::string_view to_string(AlertKind kind) noexcept;  // "MISSING", "CHECK_FAILED", ...
std::optional<AlertKind> alert_kind_from_string(std::string_view text) noexcept;

// Folded: one of a burst, not sent on its own but counted in a summary alert of its kind
// (kept so that the alert page and API list every host of the burst). Suppressed: raised
// inside a silence or maintenance window, never sent (docs/silences.md).
enum class Delivery { Pending, Sent, Folded, Suppressed };
std::string_view to_string(Delivery delivery) noexcept;  // "pending", "sent", "folded", "suppressed"
std::optional<Delivery> delivery_from_string(std::string_view text) noexcept;

struct AlertRow {
    std::int64_t id = 0;    // assigned by the store on insert
    std::int64_t time = 0;  // when the master raised it
    AlertKind kind = AlertKind::Missing;
    HostKey host;         // empty for QUEUE_* alerts
    std::string detail;   // one line
    std::string subject;  // SNS Subject
    std::string message;  // SNS Message
    Delivery delivery = Delivery::Pending;
    int attempts = 0;          // SNS Publish attempts so far
    std::int64_t sent_at = 0;  // 0 until published
    std::string last_error;    // why the last attempt failed; empty when none
};

// The services a host registered (its monitoring-info files): the registration text
// (protocol/service_record.hpp) of the newest set, with its digest.
struct ServiceRegistrationRow {
    HostKey host;
    std::string digest;
    std::int64_t registered_at = 0;  // when the master applied it
    std::string text;
};

// A silence (docs/silences.md): alerts of the host (every host for "*"), or of one of its
// checks, between starts and ends are stored as suppressed, not sent.
struct SilenceRow {
    std::int64_t id = 0;      // assigned by the master's SilenceBook, never 0
    std::string host;         // a hostname or instance id; "*": every host
    std::string check;        // empty: every alert of the host; else a check's "TARGET" or "TARGET:PORT_OR_ARG"
    std::int64_t starts = 0;  // Unix seconds, from (inclusive)
    std::int64_t ends = 0;    // until (exclusive)
    std::string comment;
    std::string author;  // the authenticated user, or "anonymous"
    std::int64_t created = 0;
    friend bool operator==(const SilenceRow&, const SilenceRow&) = default;
};

inline constexpr std::size_t kMaxStoredSilences = 10000;

// Everything one round of the master changed, written in one transaction.
struct Batch {
    std::vector<std::string> message_ids;               // SQS message ids applied (redelivery guard)
    std::vector<HeartbeatRow> heartbeats;               // duplicates (same host and time) are ignored
    std::vector<CheckResultRow> results;                // duplicates (same check and time) are ignored
    std::vector<HostRow> hosts;                         // upserted by key
    std::vector<HostKey> forgotten_hosts;               // deleted from hosts and check_states (purged);
                                                        // applied after the upserts above
    std::vector<CheckStateRow> check_states;            // upserted by key
    std::vector<CheckKey> forgotten_checks;             // deleted from check_states (a service removed on
                                                        // its host); applied after the upserts above
    std::vector<AlertRow> alerts;                       // inserted; commit() writes their ids back
    std::vector<MetricSampleRow> samples;               // duplicates (same host, name, tags, time) are
                                                        // ignored; a new series past kMaxSeriesPerHost refused
    std::vector<ServiceRegistrationRow> registrations;  // each replaces its host's; deleted
                                                        // with a forgotten host
    std::vector<InventoryRow> inventories;              // each replaces its host's latest; the changes
                                                        // from it are logged (same digest: ignored)

    std::vector<LogLineRow> log_lines;             // a line stored already (host, source, seq) is ignored
    std::vector<EventRow> events;                  // an event stored already (host, id) is ignored
    std::vector<SilenceRow> silences;              // stored by id (replacing one with the same id)
    std::vector<std::int64_t> forgotten_silences;  // deleted by id; applied after the above

    SampleOutcome sample_outcome;  // written back by a successful commit()
    LogOutcome log_outcome;        // ... and this

    bool empty() const noexcept;
};

// High availability (MariaDB only, docs/master.md "Two masters"): the leader lease a store's
// writes are fenced with (store/leader_lease.hpp).
struct WriterFence {
    std::string lease;   // the lease's name ("master")
    std::string holder;  // this master
    std::int64_t epoch = 0;
};
// Error::code of a write refused because the lease is no longer this master's (nothing was written).
inline constexpr std::string_view kLeaseLostCode = "LeaseLost";

class HistoryStore {
  public:
    virtual ~HistoryStore() = default;

    // Writes the batch in one transaction (all or nothing) and sets each alert's id.
    virtual awsrest::Result<void> commit(Batch& batch) = 0;

    // From now on every commit() and mark_alert_*() first checks, in its own transaction, that
    // the lease still has this holder and epoch, and fails with code kLeaseLostCode, writing
    // nothing, when it has not. Stores without a lease table (SQLite) refuse (InvalidArgument).
    virtual awsrest::Result<void> fence_writes(WriterFence /*fence*/) {
        return awsrest::make_error(awsrest::ErrorKind::InvalidArgument,
                                   "this history store has no leader lease (two masters need MariaDB)");
    }

    // What a restarted master reloads.
    virtual awsrest::Result<std::vector<HostRow>> load_hosts() = 0;  // not purged ones
    virtual awsrest::Result<std::vector<CheckStateRow>> load_check_states() = 0;
    virtual awsrest::Result<std::vector<AlertRow>> load_pending_alerts() = 0;  // oldest first
    virtual awsrest::Result<std::vector<ServiceRegistrationRow>> load_service_registrations() {
        return std::vector<ServiceRegistrationRow>{};
    }
    // Silences not ended at `now`, by id (at most kMaxStoredSilences); ended ones are deleted.
    virtual awsrest::Result<std::vector<SilenceRow>> load_silences(std::int64_t /*now*/) {
        return std::vector<SilenceRow>{};
    }
    // Ids of messages applied at or after `since` (to ignore their redelivery): the newest
    // `limit` of them, oldest first.
    virtual awsrest::Result<std::vector<std::string>> load_message_ids(std::int64_t since, std::size_t limit) = 0;

    // Alert delivery bookkeeping.
    virtual awsrest::Result<void> mark_alert_sent(std::int64_t id, std::int64_t when) = 0;
    virtual awsrest::Result<void> mark_alert_failed(std::int64_t id, int attempts, std::string_view error) = 0;

    // Deletes heartbeats, results, sent and folded alerts, message ids, metric rollups and
    // metric series (with nothing newer) older than `before`; returns the number of rows
    // removed. Pending alerts are never pruned.
    virtual awsrest::Result<std::size_t> prune(std::int64_t before) = 0;
    // Deletes raw metric samples older than `before` (METRIC_RETENTION); their rollups stay.
    virtual awsrest::Result<std::size_t> prune_samples(std::int64_t /*before*/) { return std::size_t{0}; }
    // Deletes log lines and events older than `before` (LOG_RETENTION), in bounded chunks.
    virtual awsrest::Result<std::size_t> prune_logs(std::int64_t /*before*/) { return std::size_t{0}; }

    // Reading, for the web interface and the JSON API; newest last, at most `limit` rows.
    virtual awsrest::Result<std::vector<AlertRow>> alerts_since(std::int64_t since, std::size_t limit) = 0;
    virtual awsrest::Result<std::vector<HeartbeatRow>> heartbeats(const HostKey& host, std::int64_t since,
                                                                  std::size_t limit) = 0;
    // All checks of the host when `check` is empty; else those whose "TARGET:PORT_OR_ARG"
    // or target equals it.
    virtual awsrest::Result<std::vector<CheckResultRow>> check_history(const std::string& hostname,
                                                                       const std::string& check, std::int64_t since,
                                                                       std::size_t limit) = 0;

    // The host's latest inventory with its change log (newest first); nullopt: none yet.
    virtual awsrest::Result<std::optional<StoredInventory>> inventory(const HostKey& /*host*/) {
        return std::optional<StoredInventory>{};
    }

    // Log lines of a host, newest first, one page (store/log_rows.hpp); the query's text is
    // the user's (log_search.hpp: InvalidArgument naming "q" when it cannot be searched).
    virtual awsrest::Result<LogPage> log_lines(const LogQuery& /*query*/) { return LogPage{}; }
    // Events of a host, newest first, at most query.limit (clamped to kLogQueryLimitMax).
    virtual awsrest::Result<std::vector<EventRow>> events(const EventQuery& /*query*/) {
        return std::vector<EventRow>{};
    }

    // Every series of the host with its newest sample, ordered by name and tags (at most
    // kMaxSeriesPerHost).
    virtual awsrest::Result<std::vector<MetricSeriesRow>> metric_series(const HostKey& /*host*/) {
        return std::vector<MetricSeriesRow>{};
    }
    // The points of one series (name and tags text exactly) in [since, until]: raw samples
    // when the range is at most kMaxRawRangeSeconds, else 5-minute rollups; grouped into
    // wider steps so that at most max_points come back. nullopt: no such series.
    virtual awsrest::Result<std::optional<MetricPoints>> metric_points(const HostKey& /*host*/,
                                                                       std::string_view /*name*/,
                                                                       std::string_view /*tags*/,
                                                                       std::int64_t /*since*/, std::int64_t /*until*/,
                                                                       std::size_t /*max_points*/) {
        return std::optional<MetricPoints>{};
    }
};

}  // namespace niamd::store
