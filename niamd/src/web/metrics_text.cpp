#include "web/metrics_text.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <vector>

#include "web/host_state.hpp"
#include "text/valid_utf8.hpp"

namespace niamd::web {
namespace {

constexpr store::AlertKind kAlertKinds[] = {
    store::AlertKind::Missing,        store::AlertKind::Recovered,        store::AlertKind::Purged,
    store::AlertKind::CheckFailed,    store::AlertKind::CheckOk,          store::AlertKind::InstanceGone,
    store::AlertKind::NoAgent,        store::AlertKind::QueueUnreachable, store::AlertKind::QueueOk,
    store::AlertKind::HostsRefused,   store::AlertKind::StoreUnavailable, store::AlertKind::MetricWarning,
    store::AlertKind::MetricCritical, store::AlertKind::MetricOk,         store::AlertKind::ServiceMissing,
    store::AlertKind::ServiceRemoved, store::AlertKind::Flapping,         store::AlertKind::Stable,
    store::AlertKind::LogAlert,       store::AlertKind::ContainerAlert,   store::AlertKind::SshAlert,
    store::AlertKind::RuleCleared,
};

class Exposition {
  public:
    void family(std::string_view name, std::string_view type, std::string_view help) {
        out_ += "# HELP ";
        out_ += name;
        out_ += ' ';
        out_ += help;  // our own constant text: no escaping needed
        out_ += "\n# TYPE ";
        out_ += name;
        out_ += ' ';
        out_ += type;
        out_ += '\n';
    }

    Exposition& sample(std::string_view name) {
        out_ += name;
        first_label_ = true;
        return *this;
    }
    Exposition& label(std::string_view name, std::string_view value) {
        out_ += first_label_ ? '{' : ',';
        first_label_ = false;
        out_ += name;
        out_ += "=\"";
        out_ += escape_label_value(value);
        out_ += '"';
        return *this;
    }
    void value(std::uint64_t number) { end(std::to_string(number)); }
    void value(std::int64_t number) { end(std::to_string(number)); }

    std::string take() { return std::move(out_); }

  private:
    void end(std::string_view number) {
        if (!first_label_) out_ += '}';
        out_ += ' ';
        out_ += number;
        out_ += '\n';
    }

    std::string out_;
    bool first_label_ = true;
};

void counter(Exposition& out, std::string_view name, std::string_view help, std::uint64_t value) {
    out.family(name, "counter", help);
    out.sample(name).value(value);
}

// Hosts whose lag is sampled at most: a stride over the snapshot beyond that (O(bound) sort).
constexpr std::size_t kMaxLagSamples = 20000;

// now - newest PING, in seconds, at the quantiles 0.5 and 0.99, over the hosts that sent a PING.
struct LagSummary {
    std::int64_t p50 = 0;
    std::int64_t p99 = 0;
    std::int64_t sum = 0;
    std::uint64_t count = 0;
};

LagSummary lag_summary(const std::vector<master::HostView>& hosts, std::int64_t now) {
    std::vector<std::int64_t> lags;
    const std::size_t stride = std::max<std::size_t>(1, (hosts.size() + kMaxLagSamples - 1) / kMaxLagSamples);
    lags.reserve(std::min(hosts.size(), kMaxLagSamples));
    for (std::size_t i = 0; i < hosts.size(); i += stride) {
        if (hosts[i].host.last_ping > 0) lags.push_back(std::max<std::int64_t>(0, now - hosts[i].host.last_ping));
    }
    if (lags.empty()) return {};
    std::sort(lags.begin(), lags.end());
    auto at = [&](double q) { return lags[std::min(lags.size() - 1, static_cast<std::size_t>(q * lags.size()))]; };
    LagSummary summary{at(0.5), at(0.99), 0, lags.size()};
    for (const std::int64_t lag : lags) summary.sum += lag;
    return summary;
}

}  // namespace

std::string escape_label_value(std::string_view value) {
    const std::string valid = text::to_valid_utf8(value);
    std::string out;
    out.reserve(valid.size());
    for (const char c : valid) {
        if (c == '\\') out += "\\\\";
        else if (c == '"') out += "\\\"";
        else if (c == '\n') out += "\\n";
        else out += c;
    }
    return out;
}

std::string metrics_text(const master::MasterSnapshot& snapshot, std::int64_t now) {
    Exposition out;
    const auto& hosts = snapshot.hosts;

    // Aggregates only: per-host series would make /metrics grow with the fleet (about 40 MB
    // at 100,000 hosts); /api/hosts has every host.
    std::vector<std::int64_t> ages;  // seconds since the newest heartbeat, of the hosts whose status is OK
    ages.reserve(hosts.size());
    std::uint64_t checks_ok = 0;
    std::uint64_t checks_failed = 0;
    for (const auto& host : hosts) {
        if (host.host.status == store::HostStatus::Ok)
            ages.push_back(std::max<std::int64_t>(0, now - host.host.last_ping));
        for (const auto& check : host.checks) ++(check.status == 0 ? checks_ok : checks_failed);
    }
    out.family("niam_host_heartbeat_age_seconds", "summary",
               "Seconds since the newest heartbeat of each host whose status is OK: quantiles over those hosts.");
    std::int64_t age_sum = 0;
    for (const std::int64_t age : ages) age_sum += age;
    const std::pair<const char*, double> quantiles[] = {{"0.5", 0.5}, {"0.99", 0.99}, {"1", 1.0}};
    for (const auto& [label, q] : quantiles) {
        out.sample("niam_host_heartbeat_age_seconds").label("quantile", label);
        if (ages.empty()) {
            out.value(std::int64_t{0});
            continue;
        }
        // Nearest rank: the smallest age with at least q of the hosts at or below it.
        const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(ages.size())));
        const auto nth = ages.begin() + static_cast<std::ptrdiff_t>(std::max<std::size_t>(rank, 1) - 1);
        std::nth_element(ages.begin(), nth, ages.end());
        out.value(*nth);
    }
    out.sample("niam_host_heartbeat_age_seconds_sum").value(age_sum);
    out.sample("niam_host_heartbeat_age_seconds_count").value(static_cast<std::uint64_t>(ages.size()));
    out.family("niam_checks", "gauge", "Checks of the hosts known, by the status of their newest result.");
    out.sample("niam_checks").label("status", "OK").value(checks_ok);
    out.sample("niam_checks").label("status", "FAILED").value(checks_failed);

    std::map<HostState, std::int64_t> by_state;
    for (const HostState state : kAllHostStates) by_state[state] = 0;
    for (const auto& host : hosts) ++by_state[classify(host, now, snapshot.purge_after)];
    out.family("niam_hosts", "gauge", "Hosts known to the master, by the state the dashboard shows.");
    for (const HostState state : kAllHostStates) {
        out.sample("niam_hosts").label("state", to_string(state)).value(by_state[state]);
    }

    const auto& counters = snapshot.counters;
    out.family("niam_alerts_total", "counter", "Alerts raised since the master started, by kind.");
    for (const store::AlertKind kind : kAlertKinds) {
        const auto found = counters.alerts_by_kind.find(kind);
        out.sample("niam_alerts_total")
            .label("kind", store::to_string(kind))
            .value(found == counters.alerts_by_kind.end() ? std::uint64_t{0} : found->second);
    }
    counter(out, "niam_messages_received_total", "Queue messages applied (redeliveries not counted).",
            counters.messages_received);
    counter(out, "niam_records_received_total", "Good records in the applied messages.", counters.records_received);
    counter(out, "niam_messages_malformed_total", "Messages with at least one bad line, or no good one.",
            counters.malformed_messages);
    counter(out, "niam_messages_forged_total", "Messages whose HMAC did not match.", counters.forged_messages);
    counter(out, "niam_messages_duplicate_total", "Redelivered messages that were ignored.",
            counters.duplicate_messages);
    out.family("niam_seen_messages", "gauge", "Message ids held to recognise a redelivery (at most 262,144).");
    out.sample("niam_seen_messages").value(counters.seen_messages);
    counter(out, "niam_seen_messages_forgotten_total",
            "Message ids forgotten before their hour was over, because the most the master holds were held.",
            counters.seen_messages_forgotten);
    counter(out, "niam_queue_receive_errors_total", "SQS ReceiveMessage calls that failed.",
            counters.queue_receive_errors);
    counter(out, "niam_sns_publish_failures_total", "SNS Publish attempts that failed.", counters.sns_publish_failures);
    counter(out, "niam_messages_replayed_total", "Signed messages refused as replays (or without a send time).",
            counters.replayed_messages);
    counter(out, "niam_records_stale_total", "Records too old to apply, and PINGs too old to mean alive.",
            counters.stale_records);
    counter(out, "niam_hosts_refused_total", "Records of new hosts refused (MAX_HOSTS, new hosts a minute).",
            counters.hosts_refused);
    counter(out, "niam_alerts_folded_total", "Host alerts folded into a summary instead of sent one by one.",
            counters.alerts_folded);
    counter(out, "niam_alerts_suppressed_total",
            "Alerts inside a silence or maintenance window: stored as suppressed, not sent.",
            counters.alerts_suppressed);
    counter(out, "niam_clock_gaps_total", "Ticks after a stall of the master's clock (hosts held as after a restart).",
            counters.clock_gaps);
    counter(out, "niam_store_failures_total", "Commits to the history store that failed.", counters.store_failures);
    counter(out, "niam_threshold_series_refused_total",
            "Metric samples not judged against THRESHOLD: their host had the most levels the master keeps.",
            counters.threshold_series_refused);
    counter(out, "niam_log_rule_alerts_suppressed_total",
            "LOG_ALERT, CONTAINER_ALERT and SSH_ALERT alerts not raised: more than the master raises a minute.",
            counters.log_rule_alerts_suppressed);
    counter(out, "niam_log_rule_windows_evicted_total",
            "Windows of LOG_ALERT, CONTAINER_ALERT and SSH_ALERT rules evicted at the most a rule keeps.",
            counters.log_rule_windows_evicted);
    counter(out, "niam_cloudwatch_published_total", "Metric data CloudWatch accepted (PutMetricData).",
            counters.cloudwatch.published);
    counter(out, "niam_cloudwatch_failed_attempts_total", "PutMetricData requests that failed (their data retried).",
            counters.cloudwatch.failed_attempts);
    counter(out, "niam_cloudwatch_dropped_total", "Metric data dropped, oldest first, because the queue was full.",
            counters.cloudwatch.dropped);
    counter(out, "niam_cloudwatch_rejected_total", "Metric data CloudWatch refused as invalid (not retried).",
            counters.cloudwatch.rejected);
    out.family("niam_cloudwatch_queued", "gauge", "Metric data waiting to be published to CloudWatch.");
    out.sample("niam_cloudwatch_queued").value(counters.cloudwatch.queued);

    counter(out, "niam_metric_samples_received_total", "METRIC records received (stored, duplicate or refused).",
            counters.metric_samples_received);
    counter(out, "niam_metric_samples_stored_total", "Metric samples written to the history store.",
            counters.metric_samples_stored);
    counter(out, "niam_metric_samples_duplicate_total",
            "Metric samples already stored (a redelivered or resent message), not stored again.",
            counters.metric_samples_duplicate);
    out.family("niam_metric_samples_refused_total", "counter", "Metric samples refused, by reason.");
    const std::pair<const char*, std::uint64_t> refusals[] = {
        {"bad_tags", counters.metric_samples_bad_tags},
        {"host_refused", counters.metric_samples_host_refused},
        {"series_limit", counters.metric_samples_series_limit},
    };
    for (const auto& [reason, count] : refusals) {
        out.sample("niam_metric_samples_refused_total").label("reason", reason);
        out.value(count);
    }
    counter(out, "niam_metric_series_refused_total",
            "Metric samples refused because they would start a series past the per-host limit (2000).",
            counters.metric_samples_series_limit);
    counter(out, "niam_inventory_parts_received_total", "INVENTORY records received.",
            counters.inventory_parts_received);
    counter(out, "niam_inventories_received_total", "Complete inventories applied (all parts of one digest).",
            counters.inventories_received);
    counter(out, "niam_inventory_parts_dropped_total",
            "INVENTORY parts dropped: a newer digest came before the inventory was complete, or over the bound.",
            counters.inventory_parts_dropped);
    counter(out, "niam_inventories_refused_total",
            "Complete inventories refused: not matching their digest, unreadable, or their host refused.",
            counters.inventories_refused);
    const master::LogCounters& logs = counters.logs;
    counter(out, "niam_log_lines_received_total", "LOG records received (stored, duplicate or dropped).",
            logs.lines_received);
    counter(out, "niam_log_lines_stored_total", "Log lines written to the history store.", logs.lines_stored);
    counter(out, "niam_log_lines_duplicate_total",
            "Log lines already stored (same host, source and seq: a resent line), not stored again.",
            logs.lines_duplicate);
    out.family("niam_log_lines_dropped_total", "counter", "Log lines dropped, by reason.");
    const std::pair<const char*, std::uint64_t> line_drops[] = {
        {"unreadable", logs.lines_unreadable},
        {"batch_full", logs.lines_batch_full},
        {"host_full", logs.lines_host_full},
        {"host_refused", logs.lines_host_refused},
    };
    for (const auto& [reason, count] : line_drops) {
        out.sample("niam_log_lines_dropped_total").label("reason", reason);
        out.value(count);
    }
    counter(out, "niam_events_received_total", "EVENT records received (stored, duplicate or dropped).",
            logs.events_received);
    counter(out, "niam_events_stored_total", "Events written to the history store.", logs.events_stored);
    counter(out, "niam_events_duplicate_total", "Events already stored (same host and id), not stored again.",
            logs.events_duplicate);
    out.family("niam_events_dropped_total", "counter", "Events dropped, by reason.");
    const std::pair<const char*, std::uint64_t> event_drops[] = {
        {"unreadable", logs.events_unreadable},
        {"batch_full", logs.events_batch_full},
        {"host_full", logs.events_host_full},
        {"host_refused", logs.events_host_refused},
    };
    for (const auto& [reason, count] : event_drops) {
        out.sample("niam_events_dropped_total").label("reason", reason);
        out.value(count);
    }
    out.family("niam_metric_series", "gauge", "Metric series in the history store (every host).");
    out.sample("niam_metric_series").value(snapshot.metric_series);

    // What the clients say of their outboxes: sums over the hosts known now.
    std::array<std::uint64_t, master::kClientDropKinds.size()> client_dropped{};
    std::uint64_t client_outbox_records = 0;
    for (const auto& host : hosts) {
        for (std::size_t i = 0; i < client_dropped.size(); ++i) client_dropped[i] += host.outbox.dropped[i];
        client_outbox_records += host.outbox.records;
    }
    out.family("niam_client_dropped_records_total", "counter",
               "Records the clients' outboxes dropped over their bound, by kind: the sum over the hosts known now.");
    for (std::size_t i = 0; i < client_dropped.size(); ++i) {
        out.sample("niam_client_dropped_records_total").label("kind", master::kClientDropKinds[i]);
        out.value(client_dropped[i]);
    }
    out.family("niam_client_outbox_records", "gauge",
               "Records waiting in the clients' outboxes (unsent), summed over the hosts known now.");
    out.sample("niam_client_outbox_records").value(client_outbox_records);

    const auto lag = lag_summary(hosts, now);
    out.family("niam_host_lag_seconds", "summary",
               "Now minus the newest applied PING's time, over the hosts that sent one (sampled beyond 20,000).");
    out.sample("niam_host_lag_seconds").label("quantile", "0.5").value(lag.p50);
    out.sample("niam_host_lag_seconds").label("quantile", "0.99").value(lag.p99);
    out.sample("niam_host_lag_seconds_sum").value(lag.sum);
    out.sample("niam_host_lag_seconds_count").value(lag.count);

    const auto& lanes = snapshot.lanes;
    out.family("niam_receive_lanes", "gauge", "Concurrent ReceiveMessage lanes (RECEIVERS).");
    out.sample("niam_receive_lanes").value(std::int64_t{lanes.lanes});
    out.family("niam_receive_lanes_polling", "gauge",
               "Of the receive lanes, those polling now (RECEIVERS auto: as many as the queue needs).");
    out.sample("niam_receive_lanes_polling").value(std::int64_t{lanes.active});
    counter(out, "niam_lane_full_receives_total",
            "ReceiveMessage calls answered with 10 messages (the queue had more).", lanes.full_receives);
    counter(out, "niam_lane_receive_calls_total", "ReceiveMessage calls answered, summed over the lanes.",
            lanes.receive_calls);
    counter(out, "niam_lane_received_total", "Messages the lanes received (redeliveries too).", lanes.received);
    counter(out, "niam_lane_applied_total", "Messages received that the applying thread took.", lanes.applied);
    counter(out, "niam_lane_delete_calls_total", "DeleteMessageBatch calls answered, summed over the lanes.",
            lanes.delete_calls);
    counter(out, "niam_lane_deleted_total", "Messages deleted from the queue after their round was committed.",
            lanes.deleted);
    counter(out, "niam_lane_delete_failures_total", "DeleteMessageBatch calls that failed (their messages retried).",
            lanes.delete_failures);
    counter(out, "niam_lane_delete_entries_failed_total",
            "Messages a DeleteMessageBatch could not delete (delivered again and ignored).",
            lanes.delete_entries_failed);
    counter(out, "niam_lane_deletes_dropped_total",
            "Receipts dropped over the pending-delete bound (delivered again and ignored).", lanes.deletes_dropped);
    counter(out, "niam_lane_visibility_changes_total",
            "Messages received at the stop and not applied, made visible again at once.", lanes.visibility_changes);

    out.family("niam_queue_reachable", "gauge", "1 while the master can receive from its queue, else 0.");
    out.sample("niam_queue_reachable").value(std::int64_t{snapshot.queue_reachable ? 1 : 0});
    out.family("niam_snapshot_timestamp_seconds", "gauge", "Unix time the master published the state shown.");
    out.sample("niam_snapshot_timestamp_seconds").value(snapshot.taken_at);
    out.family("niam_warn_after_seconds", "gauge", "Silence after which a host is MISSING.");
    out.sample("niam_warn_after_seconds").value(std::int64_t{snapshot.warn_after});
    out.family("niam_purge_after_seconds", "gauge", "Silence after which a host is purged.");
    out.sample("niam_purge_after_seconds").value(std::int64_t{snapshot.purge_after});
    return out.take();
}

}  // namespace niamd::web
