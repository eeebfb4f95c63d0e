#include "master/monitor.hpp"

#include <algorithm>
#include <chrono>
#include <unordered_set>

#include "log/log.hpp"
#include "master/alert_text.hpp"
#include "protocol/message_signature.hpp"
#include "inventory/inventory.hpp"
#include "protocol/inventory_record.hpp"
#include "protocol/log_record.hpp"
#include "protocol/metric_record.hpp"
#include "protocol/record_decoder.hpp"
#include "protocol/service_record.hpp"
#include "text/display_text.hpp"

namespace niamd::master {

using store::AlertKind;

namespace {

constexpr std::size_t kMaxLoggedErrors = 3;  // bad lines named per malformed message
// A record stamped further ahead of the master's clock than this is refused: applied, it
// would make every later record of its host or check look old, and its arithmetic
// (time + WARN_AFTER) could overflow.
constexpr std::int64_t kMaxFutureSeconds = 300;
constexpr std::size_t kMaxNoAgentHistory = 100000;
constexpr std::int64_t kHostsRefusedRearm = 600;  // seconds without a refusal before HOSTS_REFUSED may come again
constexpr std::size_t kFoldNamedBytes = 600;      // hosts named in a summary's detail

bool foldable(AlertKind kind) {
    return kind != AlertKind::QueueUnreachable && kind != AlertKind::QueueOk && kind != AlertKind::HostsRefused &&
           kind != AlertKind::StoreUnavailable;
}

std::optional<std::int64_t> sqs_sent_seconds(const awsrest::SqsMessage& message) {
    const auto it = message.attributes.find("SentTimestamp");
    if (it == message.attributes.end() || it->second.empty() || it->second.size() > 18) return std::nullopt;
    std::int64_t ms = 0;
    for (const char c : it->second) {
        if (c < '0' || c > '9') return std::nullopt;
        ms = ms * 10 + (c - '0');
    }
    return ms / 1000;
}

LivenessSettings liveness_of(const config::HostConfig& config) {
    return LivenessSettings{config.warn_after, config.purge_after};
}

std::int64_t unix_seconds(awsrest::TimePoint time) {
    return std::chrono::duration_cast<std::chrono::seconds>(time.time_since_epoch()).count();
}

}  // namespace

Monitor::Monitor(store::HistoryStore& store, const config::HostConfig& config)
    : store_(store), config_(config), registry_(liveness_of(config)), thresholds_(config), log_rules_(config) {}

awsrest::Result<std::vector<store::AlertRow>> Monitor::load(std::int64_t now, bool announce) {
    auto hosts = store_.load_hosts();
    if (!hosts) return std::move(hosts).error();
    for (const auto& row : *hosts) registry_.restore(row);
    auto states = store_.load_check_states();
    if (!states) return std::move(states).error();
    for (const auto& row : *states) {
        if (registry_.find(row.check.host) != nullptr) checks_.restore(row);
    }
    // Registered services; a restarted master gives those without a result their full time again.
    auto registrations = store_.load_service_registrations();
    if (!registrations) return std::move(registrations).error();
    for (const auto& row : *registrations) {
        if (registry_.find(row.host) == nullptr) continue;
        auto services = protocol::parse_registration_text(row.text);
        if (services) services_.apply(row.host, row.digest, std::move(*services), now);
    }
    auto ids = store_.load_message_ids(now - kSeenMessagesWindow, seen_.capacity());
    if (!ids) return std::move(ids).error();
    for (const auto& id : *ids) seen_.insert(id, now);
    // What was reported before: NO_AGENT instances, and whether QUEUE_UNREACHABLE is open.
    auto recent = store_.alerts_since(now - std::int64_t{config_.retention_days} * 86400, kMaxNoAgentHistory);
    if (!recent) return std::move(recent).error();
    for (const auto& alert : *recent) {
        if (alert.kind == AlertKind::NoAgent) no_agent_reported_.insert(alert.host.instance);
        if (alert.kind == AlertKind::QueueUnreachable) queue_alerted_ = true;
        if (alert.kind == AlertKind::QueueOk) queue_alerted_ = false;
    }
    if (queue_alerted_) queue_failed_since_ = now;
    if (silences_ != nullptr) {
        auto silences = store_.load_silences(now);
        if (!silences) return std::move(silences).error();
        silences_->restore(std::move(silences).value(), now);
    }
    auto pending = store_.load_pending_alerts();
    if (!pending) return std::move(pending).error();
    if (announce) {
        log::info("master: loaded " + std::to_string(registry_.size()) + " hosts, " + std::to_string(checks_.size()) +
                  " check states, " + std::to_string(pending->size()) +
                  " alerts to publish; MISSING held until the queue has been read for " +
                  std::to_string(config_.warn_after) + " s");
    }
    return std::move(pending).value();
}

void Monitor::configure(const config::HostConfig& config) {
    const bool timers = config.warn_after != config_.warn_after || config.purge_after != config_.purge_after;
    config_ = config;
    thresholds_.configure(config);
    log_rules_.configure(config);
    if (timers) registry_.set_settings(liveness_of(config));
}

void Monitor::apply(std::span<const awsrest::SqsMessage> messages, std::int64_t now) {
    for (const auto& message : messages) {
        const auto seen = seen_.insert(message.message_id, now);
        if (seen != SeenMessages::Seen::New) {
            ++counters_.duplicate_messages;
            log::debug("message " + message.message_id + " delivered again; ignored");
            if (seen == SeenMessages::Seen::Applied || !dead_letter_queue_) receipts_.push_back(message.receipt_handle);
            continue;
        }
        receipts_.push_back(message.receipt_handle);
        pending_.message_ids.push_back(message.message_id);

        const auto signature = protocol::check_message_signature(message.body, config_.hmac_key);
        if (!config_.hmac_key.empty() && signature.status != protocol::SignatureStatus::Valid) {
            ++counters_.forged_messages;
            log::warning("message " + message.message_id + " dropped: " +
                         (signature.status == protocol::SignatureStatus::Unsigned ? "not signed" : "bad signature"));
            continue;
        }
        const auto decoded = protocol::decode_message(signature.payload);
        if (!config_.hmac_key.empty()) {
            if (const auto replay = replay_of(message, signature.sent_at, decoded.records, now)) {
                ++counters_.replayed_messages;
                log::warning("message " + message.message_id + " dropped: " + *replay);
                continue;
            }
        }
        const bool bad_signature_line = signature.status == protocol::SignatureStatus::Forged;
        if (!decoded.errors.empty() || decoded.records.empty() || bad_signature_line) {
            ++counters_.malformed_messages;
            std::string what = "message " + message.message_id + " is malformed: ";
            if (decoded.errors.empty()) {
                what += bad_signature_line ? "bad signature line" : "no records";
            } else {
                what += std::to_string(decoded.errors.size()) + " bad record(s)";
                for (std::size_t i = 0; i < decoded.errors.size() && i < kMaxLoggedErrors; ++i) {
                    what += "; " + decoded.errors[i].message;
                }
            }
            what += "; " + std::to_string(decoded.records.size()) + " good record(s) applied";
            if (dead_letter_queue_) {
                what += "; left for the dead-letter queue";
                receipts_.pop_back();
                pending_.message_ids.pop_back();  // not stored as applied: a restart must leave it too
                seen_.mark_left(message.message_id);
            }
            log::warning(what);
        }
        ++counters_.messages_received;
        std::size_t future = 0;
        std::size_t past = 0;
        for (const auto& record : decoded.records) {
            if (record.time > now + kMaxFutureSeconds) {
                ++future;
                continue;
            }
            if (record.time < now - config_.purge_after) {
                ++past;
                continue;
            }
            ++counters_.records_received;
            apply_record(record, now);
        }
        if (unreadable_samples_ > 0) {
            log::warning("message " + message.message_id + ": " + std::to_string(unreadable_samples_) +
                         " METRIC record(s) refused: tags not readable (first: " + first_unreadable_ + ")");
            unreadable_samples_ = 0;
            first_unreadable_.clear();
        }
        if (future > 0) {
            ++counters_.malformed_messages;
            log::warning("message " + message.message_id + ": " + std::to_string(future) +
                         " record(s) stamped more than " + std::to_string(kMaxFutureSeconds) +
                         " s ahead of the master's clock refused (client clock wrong?)");
        }
        if (past > 0) {
            ++counters_.malformed_messages;
            counters_.stale_records += past;
            log::warning("message " + message.message_id + ": " + std::to_string(past) +
                         " record(s) stamped more than PURGE_AFTER (" + std::to_string(config_.purge_after) +
                         " s) in the past refused (replayed, or client clock wrong?)");
        }
    }
}

std::optional<std::string> Monitor::replay_of(const awsrest::SqsMessage& message, std::optional<std::int64_t> sent_at,
                                              const std::vector<protocol::Record>& records, std::int64_t now) {
    if (!sent_at) return std::string("signed without a send time (no #sent line: a client older than the master?)");
    if (*sent_at > now + kMaxFutureSeconds) {
        return "signed " + std::to_string(*sent_at - now) + " s ahead of the master's clock";
    }
    if (const auto queued = sqs_sent_seconds(message); queued && *sent_at < *queued - kMaxSignedQueueDelay) {
        return "a replay: signed at " + iso_time(*sent_at) + " but queued at " + iso_time(*queued);
    }
    if (*sent_at < now - config_.purge_after) {
        return "a replay: signed " + std::to_string(now - *sent_at) + " s ago, more than PURGE_AFTER";
    }
    if (records.empty()) return std::nullopt;
    const store::HostKey sender{records.front().hostname, records.front().instance};
    auto it = newest_sent_.find(sender);
    if (it == newest_sent_.end()) {
        // Bounded like the hosts: the oldest-named sender goes first.
        if (newest_sent_.size() >= static_cast<std::size_t>(std::max(config_.max_hosts, 1))) {
            newest_sent_.erase(newest_sent_.begin());
        }
        newest_sent_.emplace(sender, *sent_at);
        return std::nullopt;
    }
    if (*sent_at < it->second - kSignedReorderSeconds) {
        return "a replay: signed " + std::to_string(it->second - *sent_at) + " s before the newest message of " +
               sender.hostname + " " + sender.instance;
    }
    it->second = std::max(it->second, *sent_at);
    return std::nullopt;
}

bool Monitor::admit_host(const store::HostKey& host, std::int64_t now) {
    while (!new_hosts_.empty() && new_hosts_.front() <= now - 60) new_hosts_.pop_front();
    std::string why;
    if (registry_.size() >= static_cast<std::size_t>(config_.max_hosts)) {
        why = "MAX_HOSTS (" + std::to_string(config_.max_hosts) + ") reached";
    } else if (new_hosts_.size() >= static_cast<std::size_t>(config_.max_new_hosts)) {
        why = std::to_string(config_.max_new_hosts) + " new hosts in the last minute (MAX_NEW_HOSTS)";
    } else {
        new_hosts_.push_back(now);
        return true;
    }
    ++counters_.hosts_refused;
    if (hosts_refused_alerted_ && now - last_refused_ > kHostsRefusedRearm) hosts_refused_alerted_ = false;
    last_refused_ = now;
    if (!hosts_refused_alerted_) {
        hosts_refused_alerted_ = true;
        log::warning("master: new host " + host.hostname + " " + host.instance + " refused: " + why +
                     "; further refusals are only counted");
        raise(AlertKind::HostsRefused, {},
              "new hosts refused: " + why + " (first: " + host.hostname + " " + host.instance + ")", now);
    }
    return false;
}

void Monitor::reject(const awsrest::SqsRejectedMessage& rejected, std::int64_t now) {
    const auto seen = seen_.insert(rejected.message.message_id, now, dead_letter_queue_);
    if (seen == SeenMessages::Seen::New) ++counters_.malformed_messages;
    log::warning("message " + rejected.message.message_id + " rejected: " + rejected.error.describe() +
                 (dead_letter_queue_ ? "; left for the dead-letter queue" : "; deleted"));
    if (!dead_letter_queue_) receipts_.push_back(rejected.message.receipt_handle);
}

void Monitor::apply_record(const protocol::Record& record, std::int64_t now) {
    store::HostKey host{record.hostname, record.instance};
    if (record.kind == protocol::RecordKind::Metric) {
        ++counters_.metric_samples_received;
        auto sample = protocol::sample_of(record);
        if (!sample) {
            ++counters_.metric_samples_bad_tags;
            if (unreadable_samples_++ == 0) {
                first_unreadable_ = text::log_safe(record.target.substr(0, 64)) + " tags \"" +
                                    text::log_safe(record.port_or_arg.substr(0, 64)) + "\"";
            }
            return;
        }
        apply_sample(host, std::move(*sample), now);
        return;
    }
    if (record.kind == protocol::RecordKind::Inventory) {
        apply_inventory_part(host, record, now);
        return;
    }
    if (record.kind == protocol::RecordKind::Services) {
        apply_services_part(host, record, now);
        return;
    }
    if (record.kind == protocol::RecordKind::Log || record.kind == protocol::RecordKind::Event) {
        if (registry_.find(host) == nullptr && !admit_host(host, now))
            return LogIntake::refused(record, counters_.logs);
        if (registry_.touch(host, now)) host_changed(*registry_.find(host));
        apply_log_rules(host, record, now);
        logs_.add(pending_, host, record, counters_.logs);  // into the round's batch, like samples
        return;
    }
    const bool known = registry_.find(host) != nullptr;
    if (record.kind == protocol::RecordKind::Ping) {
        if (!known && record.time < now - config_.warn_after) {
            ++counters_.stale_records;  // too old to make a new host alive: not a host yet
            return;
        }
        if (!known && !admit_host(host, now)) return;
        pending_.heartbeats.push_back({host, record.time});
        auto outcome = registry_.ping(host, record.time, now);
        if (outcome.stale) ++counters_.stale_records;
        if (outcome.created) log::info("master: new host " + host.hostname + " " + host.instance);
        if (outcome.changed) host_changed(*registry_.find(host));
        if (outcome.event) raise(outcome.event->kind, host, outcome.event->detail, now);
        return;
    }
    if (record.kind == protocol::RecordKind::Service) {
        // A result of a service its host no longer registers (sent before the removal): dropped.
        const auto* registered = services_.find(host);
        if (registered != nullptr &&
            std::none_of(registered->services.begin(), registered->services.end(), [&](const ServiceView& view) {
                return view.service.name == record.target && view.service.type == record.port_or_arg;
            })) {
            ++counters_.stale_records;
            return;
        }
    }
    store::CheckResultRow result;
    result.check = store::CheckKey{host, record.kind, record.target, record.port_or_arg};
    result.time = record.time;
    result.status = record.status;
    result.latency_ms = record.latency_ms;
    result.nagios_code = record.nagios_code;
    result.output = record.output.value_or("");
    result.retries = record.retries;
    result.recover = record.recover;
    result.flap_changes = record.flap_changes;
    if (!known && !admit_host(host, now)) return;
    if (registry_.touch(host, now)) {
        log::info("master: new host " + host.hostname + " " + host.instance + " (no PING yet)");
        host_changed(*registry_.find(host));
    }
    auto outcome = checks_.apply(result, now, config_.renotify);
    if (outcome.changed) pending_checks_[result.check] = *checks_.find(result.check);
    if (outcome.event) raise(outcome.event->kind, host, outcome.event->detail, now, &outcome.event->check);
    pending_.results.push_back(std::move(result));
}

// LOG_ALERT, CONTAINER_ALERT, SSH_ALERT (master/log_rules.hpp): raised as THRESHOLD's are;
// RULE_CLEARED is history only, stored as sent so that it is never published.
void Monitor::apply_log_rules(const store::HostKey& host, const protocol::Record& record, std::int64_t now) {
    if (!log_rules_.active()) return;
    if (record.kind == protocol::RecordKind::Log) {
        if (const auto line = protocol::log_line_of(record))
            raise_rule_alerts(log_rules_.apply_line(host, *line, now), now);
    } else if (const auto event = protocol::event_of(record)) {
        raise_rule_alerts(log_rules_.apply_event(host, *event, now), now);
    }
}

void Monitor::raise_rule_alerts(std::vector<RuleAlert> alerts, std::int64_t now) {
    for (auto& alert : alerts) {
        if (alert.kind != AlertKind::RuleCleared) {
            raise(alert.kind, alert.host, alert.detail, now);
            continue;
        }
        auto cleared = make_alert(now, AlertKind::RuleCleared, alert.host, alert.detail);
        cleared.delivery = store::Delivery::Sent;
        cleared.sent_at = now;
        ++counters_.alerts_by_kind[AlertKind::RuleCleared];
        pending_.alerts.push_back(std::move(cleared));
    }
}

void Monitor::apply_sample(const store::HostKey& host, metrics::Sample&& sample, std::int64_t now) {
    if (registry_.find(host) == nullptr && !admit_host(host, now)) {
        ++counters_.metric_samples_host_refused;
        return;
    }
    if (registry_.touch(host, now)) {
        log::info("master: new host " + host.hostname + " " + host.instance + " (no PING yet)");
        host_changed(*registry_.find(host));
    }
    for (auto& alert : thresholds_.apply(host, sample, now)) raise(alert.kind, host, alert.detail, now);
    outboxes_.apply(host, sample);
    if (cloudwatch_ != nullptr) cloudwatch_->offer(host, sample, now);
    store::MetricSampleRow row;
    row.hostname = host.hostname;
    row.instance = host.instance;
    row.name = std::move(sample.name);
    row.tags = protocol::encode_tags(sample.tags);
    row.unit = std::move(sample.unit);
    row.time = sample.time;
    row.value = sample.value;
    pending_.samples.push_back(std::move(row));
}

void Monitor::apply_inventory_part(const store::HostKey& host, const protocol::Record& record, std::int64_t now) {
    ++counters_.inventory_parts_received;
    const auto part = protocol::parse_inventory_part(record.port_or_arg);
    if (!part) {
        ++counters_.inventory_parts_dropped;
        return;
    }
    const std::uint64_t dropped_before = inventories_.dropped_parts();
    auto complete =
        inventories_.add(host, record.target, part->part, part->parts, record.output.value_or(""), record.time);
    counters_.inventory_parts_dropped += inventories_.dropped_parts() - dropped_before;
    if (!complete) return;
    const std::string who = text::log_safe(host.hostname) + " " + text::log_safe(host.instance);
    if (inventory::digest_of(complete->text) != complete->digest) {
        ++counters_.inventories_refused;
        log::warning("master: inventory of " + who + " refused: its parts do not match their digest " +
                     complete->digest);
        return;
    }
    std::string error;
    if (!inventory::parse_canonical_text(complete->text, &error)) {
        ++counters_.inventories_refused;
        log::warning("master: inventory of " + who + " refused: " + text::log_safe(error));
        return;
    }
    if (registry_.find(host) == nullptr && !admit_host(host, now)) {
        ++counters_.inventories_refused;
        return;
    }
    if (registry_.touch(host, now)) {
        log::info("master: new host " + host.hostname + " " + host.instance + " (no PING yet)");
        host_changed(*registry_.find(host));
    }
    ++counters_.inventories_received;
    store::InventoryRow row;
    row.hostname = host.hostname;
    row.instance = host.instance;
    row.time = complete->time;
    row.digest = std::move(complete->digest);
    row.text = std::move(complete->text);
    pending_.inventories.push_back(std::move(row));
}

void Monitor::host_changed(const store::HostRow& row) {
    pending_hosts_[row.key] = row;
    auto& forgotten = pending_.forgotten_hosts;
    forgotten.erase(std::remove(forgotten.begin(), forgotten.end(), row.key), forgotten.end());
}

void Monitor::forget(const store::HostKey& host) {
    checks_.forget(host);
    for (auto it = held_.begin(); it != held_.end();) it = it->first.first == host ? held_.erase(it) : std::next(it);
    thresholds_.forget(host);
    log_rules_.forget(host);
    outboxes_.forget(host);
    inventories_.forget(host);
    registrations_.forget(host);
    services_.forget(host);
    pending_hosts_.erase(host);
    store::CheckKey lowest;
    lowest.host = host;
    lowest.kind = protocol::RecordKind::Ping;
    auto it = pending_checks_.lower_bound(lowest);
    while (it != pending_checks_.end() && it->first.host == host) it = pending_checks_.erase(it);
    pending_.forgotten_hosts.push_back(host);
}

std::optional<std::string> Monitor::covered(const store::HostKey& host, const store::CheckKey* check,
                                            std::int64_t now) const {
    if (host.hostname.empty() && host.instance.empty()) return std::nullopt;  // the master's own alerts
    if (silences_ != nullptr) {
        AlertSubject subject{host, std::nullopt};
        if (check != nullptr) subject.check = std::pair{check->target, check->port_or_arg};
        if (const auto silence = silences_->covering(subject, now)) {
            return "silence " + std::to_string(silence->id) + " by " + silence->author + " until " +
                   iso_time(silence->ends) + (silence->comment.empty() ? "" : ": " + silence->comment);
        }
    }
    for (const auto& window : config_.maintenance) {
        if (window_covers(window, host, now)) {
            return "maintenance window of line " + std::to_string(window.line) +
                   (window.comment.empty() ? "" : ": " + window.comment);
        }
    }
    return std::nullopt;
}

void Monitor::release_held(std::int64_t now) {
    struct Released {
        store::HostKey host;
        std::optional<store::CheckKey> check;
        Held held;
    };
    std::vector<Released> released;
    for (auto it = held_.begin(); it != held_.end();) {
        const auto& [host, check] = it->first;
        if (covered(host, check ? &*check : nullptr, now)) {
            ++it;
            continue;
        }
        bool still_bad = false;
        if (check) {
            const auto* state = checks_.find(*check);
            still_bad = state != nullptr && state->status != 0;
        } else {
            const auto* row = registry_.find(host);
            still_bad =
                row != nullptr && row->status != store::HostStatus::Ok && row->status != store::HostStatus::Purged;
        }
        if (still_bad) released.push_back({host, check, std::move(it->second)});
        it = held_.erase(it);
    }
    for (const auto& one : released) {
        log::info("master: silence or maintenance over for " + one.host.hostname + " " + one.host.instance +
                  ", still " + std::string(store::to_string(one.held.kind)) + ": alerting once");
        raise(one.held.kind, one.host,
              one.held.detail + " (suppressed during a silence or maintenance; still so at its end)", now,
              one.check ? &*one.check : nullptr);
    }
}

void Monitor::raise(AlertKind kind, const store::HostKey& host, const std::string& detail, std::int64_t now,
                    const store::CheckKey* check) {
    auto alert = make_alert(now, kind, host, detail);
    ++counters_.alerts_by_kind[kind];
    if (const auto cover = covered(host, check, now)) {
        ++counters_.alerts_suppressed;
        log::info("master: " + std::string(store::to_string(kind)) + " of " + host.hostname + " " + host.instance +
                  " suppressed (" + text::log_safe(*cover) + ")");
        alert.delivery = store::Delivery::Suppressed;
        alert.last_error = "suppressed: " + *cover;
        pending_.alerts.push_back(std::move(alert));
        const bool check_alert = kind == AlertKind::CheckFailed || kind == AlertKind::CheckOk;
        const bool host_alert = kind == AlertKind::Missing || kind == AlertKind::InstanceGone ||
                                kind == AlertKind::Recovered || kind == AlertKind::Purged;
        if (check_alert && check != nullptr) {
            const std::pair key{host, std::optional<store::CheckKey>(*check)};
            if (kind == AlertKind::CheckFailed) held_[key] = Held{kind, detail};
            else held_.erase(key);
        } else if (host_alert) {
            const std::pair key{host, std::optional<store::CheckKey>()};
            if (kind == AlertKind::Missing || kind == AlertKind::InstanceGone) held_[key] = Held{kind, detail};
            else held_.erase(key);
        }
        return;
    }
    if (foldable(kind)) {
        while (!alerts_sent_.empty() && alerts_sent_.front() <= now - 60) alerts_sent_.pop_front();
        const auto folding = folds_.find(kind);
        if (folding != folds_.end() || alerts_sent_.size() >= kMaxAlertsPerMinute) {
            // Part of a burst: kept (the alert page and API list it) but sent in the summary.
            Fold& fold = folding != folds_.end() ? folding->second : folds_[kind];
            if (fold.count == 0) fold.since = now;
            ++fold.count;
            if (fold.hosts.size() < kFoldNamedBytes) {
                fold.hosts += (fold.hosts.empty() ? "" : ", ") + host.hostname + " " + host.instance;
            }
            ++counters_.alerts_folded;
            alert.delivery = store::Delivery::Folded;
            pending_.alerts.push_back(std::move(alert));
            return;
        }
        alerts_sent_.push_back(now);
    }
    pending_.alerts.push_back(std::move(alert));
}

void Monitor::flush_folds(std::int64_t now, bool all) {
    for (auto it = folds_.begin(); it != folds_.end();) {
        const Fold& fold = it->second;
        if (!all && now < fold.since + kFoldSeconds) {
            ++it;
            continue;
        }
        const std::string kind(store::to_string(it->first));
        const std::string count = std::to_string(fold.count) + (fold.count == 1 ? " host" : " hosts");
        std::string detail = count + ": " + fold.hosts;
        if (fold.hosts.size() >= kFoldNamedBytes) detail += ", ...";
        detail += " (every one in the alert list)";
        auto summary = make_alert(now, it->first, {}, detail);
        summary.subject = "niam: " + kind + ": " + count;
        summary.message = kind + ": " + count + "\n" + summary.message.substr(summary.message.find('\n') + 1);
        pending_.alerts.push_back(std::move(summary));
        it = folds_.erase(it);
    }
}

void Monitor::host_events(std::vector<HostEvent> events, std::vector<store::HostRow>& changed, std::int64_t now) {
    for (const auto& row : changed) host_changed(row);
    for (auto& event : events) {
        if (event.kind == AlertKind::Purged) forget(event.host);
        raise(event.kind, event.host, event.detail, now);
    }
}

void Monitor::queue_failed(const awsrest::Error& error, std::int64_t now) {
    ++counters_.queue_receive_errors;
    queue_ok_since_.reset();
    queue_error_ = error.describe();
    if (!queue_failing_since_) {
        queue_failing_since_ = now;
        if (!queue_alerted_) log::warning("master: cannot read the queue: " + queue_error_ + "; MISSING alerts held");
    }
    check_queue(now);
}

void Monitor::check_queue(std::int64_t now) {
    if (queue_alerted_ || !queue_failing_since_) return;
    const std::int64_t failing_for = now - *queue_failing_since_;
    if (failing_for < std::max(1, config_.warn_after / 2)) return;
    queue_alerted_ = true;
    queue_failed_since_ = *queue_failing_since_;
    log::error("master: cannot read the queue for " + std::to_string(failing_for) + " s: " + queue_error_);
    raise(AlertKind::QueueUnreachable, {},
          "cannot read the queue for " + std::to_string(failing_for) + " s: " + queue_error_, now);
}

void Monitor::queue_read(std::int64_t now) {
    queue_failing_since_.reset();
    if (!queue_ok_since_) queue_ok_since_ = now;
    if (!queue_alerted_) return;
    queue_alerted_ = false;
    log::info("master: queue read again; MISSING alerts held for another " + std::to_string(config_.warn_after) + " s");
    raise(AlertKind::QueueOk, {}, "queue read again after " + std::to_string(now - queue_failed_since_) + " s", now);
}

bool Monitor::holding(std::int64_t now) const {
    return !queue_ok_since_ || now < *queue_ok_since_ + config_.warn_after;
}

void Monitor::tick(std::int64_t now) {
    seen_.expire(now - kSeenMessagesWindow);
    if (last_tick_ && now - *last_tick_ > kMaxTickGap && queue_ok_since_) {
        // Stopped (SIGSTOP, a VM pause, a hung disk) or the clock jumped: what the queue holds
        // is not read yet, so nobody is judged before a full WARN_AFTER of reading it.
        ++counters_.clock_gaps;
        queue_ok_since_.reset();
        log::warning("master: " + std::to_string(now - *last_tick_) +
                     " s since the last tick (stalled?); hosts "
                     "held until the queue has been read for " +
                     std::to_string(config_.warn_after) + " s");
    }
    last_tick_ = now;
    check_queue(now);
    if (silences_ != nullptr && now - silences_pruned_ >= 60) {
        silences_->prune(now);
        silences_pruned_ = now;
    }
    if (!held_.empty()) release_held(now);
    flush_folds(now, false);
    raise_rule_alerts(log_rules_.tick(now), now);
    if (holding(now)) return;
    std::vector<store::HostRow> changed;
    auto events = registry_.expire(now, instance_states_, changed);
    host_events(std::move(events), changed, now);
    services_due(now);
}

void Monitor::apply_services_part(const store::HostKey& host, const protocol::Record& record, std::int64_t now) {
    const auto part = protocol::parse_inventory_part(record.port_or_arg);
    if (!part) return;
    auto complete =
        registrations_.add(host, record.target, part->part, part->parts, record.output.value_or(""), record.time);
    if (!complete) return;
    std::string error;
    auto services = protocol::parse_registration_text(complete->text, &error);
    if (inventory::digest_of(complete->text) != complete->digest) error = "the text does not match its digest";
    if (!services || !error.empty()) {
        ++counters_.registrations_refused;
        log::warning("master: services of " + host.hostname + " " + host.instance +
                     " refused: " + text::log_safe(error));
        return;
    }
    if (registry_.find(host) == nullptr && !admit_host(host, now)) return;
    if (registry_.touch(host, now)) {
        log::info("master: new host " + host.hostname + " " + host.instance + " (no PING yet)");
        host_changed(*registry_.find(host));
    }
    const auto change = services_.apply(host, complete->digest, std::move(*services), now);
    if (!change.changed) return;  // the same set again
    ++counters_.registrations_received;
    pending_.registrations.push_back({host, complete->digest, now, complete->text});
    if (!change.added.empty() || !change.removed.empty())
        log::info("master: " + host.hostname + " " + host.instance + " registers " +
                  std::to_string(services_.find(host)->services.size()) + " service(s) (" +
                  std::to_string(change.added.size()) + " new, " + std::to_string(change.removed.size()) + " removed)");
    for (const auto& gone : change.removed) {
        const store::CheckKey key{host, protocol::RecordKind::Service, gone.name, gone.type};
        checks_.forget_check(key);
        pending_checks_.erase(key);
        pending_.forgotten_checks.push_back(key);
        // History only: stored as already sent, so it is never published.
        auto event = make_alert(now, AlertKind::ServiceRemoved, host,
                                "service " + gone.name + " (" + gone.type + ") removed on the host");
        event.delivery = store::Delivery::Sent;
        event.sent_at = now;
        ++counters_.alerts_by_kind[AlertKind::ServiceRemoved];
        pending_.alerts.push_back(std::move(event));
    }
}

void Monitor::services_due(std::int64_t now) {
    for (const auto& host : services_.hosts()) {
        const auto overdue = services_.overdue(
            host, now, config_.interval, config_.warn_after, [&](const protocol::RegisteredService& service) {
                return checks_.find({host, protocol::RecordKind::Service, service.name, service.type}) != nullptr;
            });
        for (const auto& service : overdue) {
            const store::CheckKey key{host, protocol::RecordKind::Service, service.name, service.type};
            raise(AlertKind::ServiceMissing, host,
                  "service " + service.name + " (" + service.type + ") registered but no result yet", now, &key);
        }
    }
}

void Monitor::apply_instances(const std::vector<awsrest::Ec2Instance>& instances, std::int64_t now) {
    instance_states_.clear();
    for (const auto& instance : instances) instance_states_[instance.instance_id] = instance.state_name;
    if (holding(now)) return;
    std::vector<store::HostRow> changed;
    auto events = registry_.apply_instances(now, instance_states_, changed);
    host_events(std::move(events), changed, now);

    if (!config_.no_agent.enabled) return;
    std::unordered_set<std::string> with_agent;
    registry_.for_each([&](const store::HostRow& row, std::int64_t) { with_agent.insert(row.key.instance); });
    const auto& filter = config_.no_agent;
    for (const auto& instance : instances) {
        if (instance.state_name != "running" || with_agent.count(instance.instance_id) != 0) continue;
        if (no_agent_reported_.count(instance.instance_id) != 0) continue;
        if (unix_seconds(instance.launch_time) + config_.warn_after > now) continue;  // still booting
        if (!filter.tag_key.empty()) {
            const auto tag = instance.tags.find(filter.tag_key);
            if (tag == instance.tags.end() || tag->second != filter.tag_value) continue;
        }
        no_agent_reported_.insert(instance.instance_id);
        raise(AlertKind::NoAgent, {instance.name, instance.instance_id},
              "instance is running since " + iso_time(unix_seconds(instance.launch_time)) + " but never sent a PING",
              now);
    }
}

awsrest::Result<Monitor::Committed> Monitor::commit() {
    Committed committed;
    if (silences_ != nullptr) {
        auto changes = silences_->take_changes();
        pending_.silences.insert(pending_.silences.end(), changes.added.begin(), changes.added.end());
        pending_.forgotten_silences.insert(pending_.forgotten_silences.end(), changes.removed.begin(),
                                           changes.removed.end());
    }
    if (pending_.empty() && pending_hosts_.empty() && pending_checks_.empty()) {
        committed.receipts = std::move(receipts_);
        receipts_.clear();
        return committed;
    }
    store::Batch batch = std::move(pending_);
    pending_ = {};
    batch.hosts.reserve(pending_hosts_.size());
    for (const auto& [key, row] : pending_hosts_) batch.hosts.push_back(row);
    batch.check_states.reserve(pending_checks_.size());
    for (const auto& [key, row] : pending_checks_) batch.check_states.push_back(row);
    auto written = store_.commit(batch);
    if (!written) {
        ++counters_.store_failures;
        if (written.error().code == store::kLeaseLostCode) {
            // Another master leads now: nothing of this round is alerted or kept.
            pending_ = {};
            pending_hosts_.clear();
            pending_checks_.clear();
            receipts_.clear();
            return std::move(written).error();
        }
        if (!commit_failing_) {
            log::error("master: cannot write history: " + written.error().describe() +
                       "; alerts go out from memory until it can");
            batch.alerts.push_back(make_alert(last_tick_.value_or(0), AlertKind::StoreUnavailable, {},
                                              "cannot write history: " + written.error().describe()));
            ++counters_.alerts_by_kind[AlertKind::StoreUnavailable];
        }
        commit_failing_ = true;
        for (auto& alert : batch.alerts) alert.id = 0;
        batch.hosts.clear();
        batch.check_states.clear();
        pending_ = std::move(batch);
        return std::move(written).error();
    }
    if (commit_failing_) log::info("master: history written again");
    logs_.committed(batch, counters_.logs);
    if (!batch.samples.empty()) {
        const store::SampleOutcome& samples = batch.sample_outcome;
        counters_.metric_samples_stored += samples.stored;
        counters_.metric_samples_duplicate += samples.duplicates;
        counters_.metric_samples_series_limit += samples.series_refused;
        metric_series_ = samples.series_total;
    }
    commit_failing_ = false;
    pending_hosts_.clear();
    pending_checks_.clear();
    committed.receipts = std::move(receipts_);
    receipts_.clear();
    // Folded ones went into a summary; ones delivered from memory during a store outage went out already.
    for (auto& alert : batch.alerts) {
        if (alert.delivery == store::Delivery::Pending) committed.alerts.push_back(std::move(alert));
    }
    return committed;
}

std::vector<store::AlertRow> Monitor::take_unstored_alerts(std::int64_t now) {
    std::vector<store::AlertRow> out;
    for (auto& alert : pending_.alerts) {
        if (alert.delivery != store::Delivery::Pending) continue;
        alert.delivery = store::Delivery::Sent;
        alert.sent_at = now;
        alert.attempts = 1;
        alert.last_error = "delivered from memory before it could be stored";
        out.push_back(alert);
        out.back().message += "Stored: not yet (the history store cannot be written)\n";
    }
    return out;
}

std::shared_ptr<MasterSnapshot> Monitor::snapshot(std::int64_t now) const {
    auto snapshot = std::make_shared<MasterSnapshot>();
    snapshot->taken_at = now;
    snapshot->warn_after = config_.warn_after;
    snapshot->purge_after = config_.purge_after;
    snapshot->queue_reachable = queue_reachable();
    snapshot->metric_series = metric_series_;
    snapshot->hosts.reserve(registry_.size());
    registry_.for_each([&](const store::HostRow& row, std::int64_t) {
        HostView view{row, checks_.of_host(row.key), outboxes_.of_host(row.key), {}};
        if (const auto* registered = services_.find(row.key)) view.services = registered->services;
        snapshot->hosts.push_back(std::move(view));
    });
    snapshot->counters = counters_;
    snapshot->counters.threshold_series_refused = thresholds_.refused();
    snapshot->counters.log_rule_alerts_suppressed = log_rules_.suppressed();
    snapshot->counters.log_rule_windows_evicted = log_rules_.evicted();
    snapshot->counters.seen_messages = seen_.size();
    snapshot->counters.seen_messages_forgotten = seen_.forgotten();
    if (cloudwatch_ != nullptr) snapshot->counters.cloudwatch = cloudwatch_->counters();
    return snapshot;
}

}  // namespace niamd::master
