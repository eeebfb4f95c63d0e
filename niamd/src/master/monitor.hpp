// Monitor: the master's single-threaded heart. It applies received queue messages,
// evaluates liveness on ticks, takes EC2 cross-check results and the queue's
// reachability, raises alerts, and gathers everything into one store batch per round.
// Time is always passed in (Unix seconds), so unit tests drive it with a manual clock.
//
// Alerts exist once committed: commit() writes the round (history, hosts, check states,
// message ids, new alerts) in one transaction and only then hands back the alerts to
// log and publish and the receipt handles that may be deleted from the queue. A failed
// commit keeps the round and the next commit retries it with whatever came since; its
// alerts are handed out from memory meanwhile (take_unstored_alerts), with one
// STORE_UNAVAILABLE.
//
// Bounds against a queue writer (docs/master.md): at most MAX_HOSTS hosts and
// MAX_NEW_HOSTS (default kMaxNewHostsPerMinute) new ones a minute (refusals counted, one HOSTS_REFUSED); host
// alerts beyond kMaxAlertsPerMinute a minute are folded, per kind, into one summary alert.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <memory>
#include <set>
#include <span>
#include <string>
#include <vector>

#include <awsrest/ec2.hpp>
#include <awsrest/result.hpp>
#include <awsrest/sqs.hpp>

#include "config/host_config.hpp"
#include "metrics/sample.hpp"
#include "master/check_board.hpp"
#include "master/client_outboxes.hpp"
#include "master/host_registry.hpp"
#include "master/inventory_assembly.hpp"
#include "master/log_intake.hpp"
#include "master/log_rules.hpp"
#include "master/master_snapshot.hpp"
#include "master/cloudwatch_publisher.hpp"
#include "master/metric_thresholds.hpp"
#include "master/seen_messages.hpp"
#include "master/service_registry.hpp"
#include "master/silences.hpp"
#include "protocol/record.hpp"
#include "store/history_store.hpp"

namespace niamd::master {

inline constexpr std::size_t kMaxNewHostsPerMinute = config::kDefaultMaxNewHosts;  // MAX_NEW_HOSTS's default
inline constexpr std::size_t kMaxAlertsPerMinute = 20;                             // host alerts sent one by one
inline constexpr std::int64_t kFoldSeconds = 10;  // a burst's summary goes out this late
inline constexpr std::int64_t kMaxTickGap = 5;    // a longer gap between ticks: the master stalled
inline constexpr std::int64_t kSignedReorderSeconds =
    30;  // a signed message this much older than its host's newest is a replay
inline constexpr std::int64_t kMaxSignedQueueDelay = 60;  // signed this long before SQS took it: a replay

class Monitor {
  public:
    Monitor(store::HistoryStore& store, const config::HostConfig& config);

    // Reloads hosts, check states, recent message ids and what was already reported
    // (NO_AGENT instances, an unanswered QUEUE_UNREACHABLE). Returns the alerts still
    // waiting to be published, oldest first. Every host is held (no MISSING) until the
    // queue has been read for a full WARN_AFTER.
    awsrest::Result<std::vector<store::AlertRow>> load(std::int64_t now, bool announce = true);

    // New WARN_AFTER/PURGE_AFTER (deadlines recomputed), RENOTIFY, NO_AGENT, HMAC key.
    void configure(const config::HostConfig& config);
    // Samples received are also offered to this publisher (CLOUDWATCH); null: none.
    void set_cloudwatch(CloudWatchPublisher* publisher) noexcept { cloudwatch_ = publisher; }

    // Silences (docs/silences.md), shared with the web; null: none. MAINTENANCE windows come
    // with the config. An alert they cover is stored as suppressed, not sent; when the last
    // one covering a MISSING host or a FAILED check ends and it is still so, one alert goes out.
    void set_silences(SilenceBook* book) noexcept { silences_ = book; }

    // Whether a dead-letter queue is configured: then malformed messages are not deleted.
    void set_dead_letter_queue(bool present) noexcept { dead_letter_queue_ = present; }

    // One receive's messages, applied at `now`.
    void apply(std::span<const awsrest::SqsMessage> messages, std::int64_t now);
    // The round's batch holds so many log lines or events that it should be written now
    // (LogIntake::nearly_full): the master commits before it applies more.
    bool log_batch_full() const { return logs_.nearly_full(pending_); }
    // A message whose body did not match its MD5: counted as malformed, never applied.
    void reject(const awsrest::SqsRejectedMessage& rejected, std::int64_t now);

    // The queue could not be read / was read. A failure holds MISSING alerts (the WARN_AFTER
    // of grace starts again at the next read); failures for WARN_AFTER / 2 (at least 1 s)
    // with no read between raise QUEUE_UNREACHABLE; the first read after it raises QUEUE_OK.
    void queue_failed(const awsrest::Error& error, std::int64_t now);
    void queue_read(std::int64_t now);
    bool holding(std::int64_t now) const;  // MISSING/INSTANCE_GONE/PURGED held back
    bool queue_reachable() const noexcept { return !queue_alerted_; }

    // Liveness changes due at `now` (cost: the hosts that are due, not all hosts). After a
    // gap of more than kMaxTickGap since the last tick (the master was stopped or its
    // clock jumped) hosts are held as after a restart. Folded bursts become summaries.
    void tick(std::int64_t now);

    // One EC2 cross-check (every instance, all pages).
    void apply_instances(const std::vector<awsrest::Ec2Instance>& instances, std::int64_t now);

    struct Committed {
        std::vector<std::string> receipts;    // may now be deleted from the queue
        std::vector<store::AlertRow> alerts;  // new alerts with their ids: log and publish
    };
    // Writes the round. Nothing to write: succeeds at once (receipts of duplicates may
    // still be handed back). On failure everything stays pending.
    awsrest::Result<Committed> commit();
    // After a failed commit: the alerts waiting in the round that were not handed out yet,
    // to log and publish from memory. They are stored (as sent) when a commit succeeds and
    // commit() does not hand them out again.
    std::vector<store::AlertRow> take_unstored_alerts(std::int64_t now);
    // Messages applied but not yet committed (for back-pressure).
    std::size_t uncommitted_messages() const noexcept { return receipts_.size(); }

    std::shared_ptr<MasterSnapshot> snapshot(std::int64_t now) const;
    MasterCounters& counters() noexcept { return counters_; }
    const HostRegistry& hosts() const noexcept { return registry_; }
    const CheckBoard& checks() const noexcept { return checks_; }
    int retention_days() const noexcept { return config_.retention_days; }

    // One metric sample of `host` (a METRIC record): a sample of an unknown host admits it
    // as a check result does; it goes into the round's batch (stored once however often it
    // comes).
    void apply_sample(const store::HostKey& host, metrics::Sample&& sample, std::int64_t now);

    // One part of `host`'s inventory (an INVENTORY record); once every part of its digest is
    // there and the text matches the digest, the inventory goes into the round's batch.
    void apply_inventory_part(const store::HostKey& host, const protocol::Record& record, std::int64_t now);

    // One part of `host`'s registered services (a SERVICES record); a complete set with a new
    // digest replaces the host's: services gone are forgotten (SERVICE_REMOVED in history).
    void apply_services_part(const store::HostKey& host, const protocol::Record& record, std::int64_t now);
    const ServiceRegistry& services() const noexcept { return services_; }

  private:
    void services_due(std::int64_t now);
    void apply_record(const protocol::Record& record, std::int64_t now);
    void apply_log_rules(const store::HostKey& host, const protocol::Record& record, std::int64_t now);
    void raise_rule_alerts(std::vector<RuleAlert> alerts, std::int64_t now);
    std::optional<std::string> replay_of(const awsrest::SqsMessage& message, std::optional<std::int64_t> sent_at,
                                         const std::vector<protocol::Record>& records, std::int64_t now);
    bool admit_host(const store::HostKey& host, std::int64_t now);
    void check_queue(std::int64_t now);
    void flush_folds(std::int64_t now, bool all);
    void raise(store::AlertKind kind, const store::HostKey& host, const std::string& detail, std::int64_t now,
               const store::CheckKey* check = nullptr);
    // What covers the alert at `now` ("silence 3 by alice: deploy", "MAINTENANCE of line 4"); nullopt: nothing.
    std::optional<std::string> covered(const store::HostKey& host, const store::CheckKey* check,
                                       std::int64_t now) const;
    void release_held(std::int64_t now);
    void host_events(std::vector<HostEvent> events, std::vector<store::HostRow>& changed, std::int64_t now);
    void host_changed(const store::HostRow& row);
    void forget(const store::HostKey& host);

    store::HistoryStore& store_;
    config::HostConfig config_;
    HostRegistry registry_;
    CheckBoard checks_;
    MetricThresholds thresholds_;      // THRESHOLD levels of the samples received
    LogRules log_rules_;               // LOG_ALERT, CONTAINER_ALERT, SSH_ALERT on the lines and events received
    ClientOutboxes outboxes_;          // what each client says of its outbox (drops, backlog)
    InventoryAssembly inventories_;    // inventories whose parts are still coming
    LogIntake logs_;                   // log lines and events into the round's batch
    InventoryAssembly registrations_;  // SERVICES sets whose parts are still coming
    ServiceRegistry services_;         // what each host registered
    CloudWatchPublisher* cloudwatch_ = nullptr;
    SilenceBook* silences_ = nullptr;
    // MISSING hosts and FAILED checks whose alert was suppressed: when nothing covers them
    // any more and they are still so, one alert goes out (release_held).
    struct Held {
        store::AlertKind kind = store::AlertKind::Missing;
        std::string detail;
    };
    std::map<std::pair<store::HostKey, std::optional<store::CheckKey>>, Held> held_;
    std::int64_t silences_pruned_ = 0;
    SeenMessages seen_;
    InstanceStates instance_states_;
    std::set<std::string> no_agent_reported_;
    bool dead_letter_queue_ = false;

    // Queue reachability.
    std::optional<std::int64_t> queue_ok_since_;       // first read since start / since the last failure
    std::optional<std::int64_t> queue_failing_since_;  // first failure since the last read
    std::string queue_error_;                          // the last failure
    std::int64_t queue_failed_since_ = 0;
    bool queue_alerted_ = false;  // QUEUE_UNREACHABLE raised, QUEUE_OK not yet
    std::optional<std::int64_t> last_tick_;

    // Bounds.
    std::deque<std::int64_t> new_hosts_;  // when hosts were created in the last minute
    bool hosts_refused_alerted_ = false;
    std::int64_t last_refused_ = 0;
    std::map<store::HostKey, std::int64_t> newest_sent_;  // signed messages: the newest send time per host
    std::deque<std::int64_t> alerts_sent_;                // host alerts sent one by one in the last minute
    struct Fold {
        std::int64_t since = 0;
        std::size_t count = 0;
        std::string hosts;  // the first ones, for the summary's detail
    };
    std::map<store::AlertKind, Fold> folds_;

    // The round being gathered.
    store::Batch pending_;  // heartbeats, results, message ids, forgotten hosts, alerts
    std::map<store::HostKey, store::HostRow> pending_hosts_;
    std::map<store::CheckKey, store::CheckStateRow> pending_checks_;
    std::vector<std::string> receipts_;
    bool commit_failing_ = false;
    std::uint64_t metric_series_ = 0;  // series in the store after the last commit with samples
    // METRIC records of the message being applied whose tags could not be read.
    std::size_t unreadable_samples_ = 0;
    std::string first_unreadable_;

    MasterCounters counters_;
};

}  // namespace niamd::master
