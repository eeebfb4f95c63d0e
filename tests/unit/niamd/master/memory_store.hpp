// An in-memory HistoryStore for the master's unit tests: the interface's behaviour
// (one transaction per commit, ids written back, duplicates ignored, forgotten hosts
// applied after upserts) with failure injection. Not thread-safe, as the store need not be.
#pragma once

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "store/history_store.hpp"

namespace test_support {

class MemoryStore final : public niamd::store::HistoryStore {
  public:
    using Batch = niamd::store::Batch;

    awsrest::Result<void> commit(Batch& batch) override {
        ++commits;
        if (lease_lost) {
            awsrest::Error lost =
                awsrest::make_error(awsrest::ErrorKind::InvalidArgument, "lease taken: nothing written");
            lost.code = std::string(niamd::store::kLeaseLostCode);
            return lost;
        }
        if (fail_commits > 0) {
            --fail_commits;
            return awsrest::make_error(awsrest::ErrorKind::Network, "database is away");
        }
        for (const auto& id : batch.message_ids) message_ids[id] = clock_seconds;
        for (const auto& beat : batch.heartbeats) beats.insert({beat.host, beat.time});
        for (const auto& result : batch.results) {
            if (result_keys.insert({result.check, result.time}).second) results.push_back(result);
        }
        for (const auto& host : batch.hosts) hosts[host.key] = host;
        for (const auto& state : batch.check_states) check_states[state.check] = state;
        for (const auto& key : batch.forgotten_checks) check_states.erase(key);
        for (const auto& row : batch.registrations) registrations[row.host] = row;
        for (const auto& key : batch.forgotten_hosts) {
            hosts.erase(key);
            registrations.erase(key);
            for (auto it = check_states.begin(); it != check_states.end();) {
                it = it->first.host == key ? check_states.erase(it) : std::next(it);
            }
        }
        for (auto& alert : batch.alerts) {
            alert.id = ++last_alert_id;
            alerts.push_back(alert);
        }
        for (const auto& row : batch.inventories) inventories.push_back(row);
        batch.log_outcome = {};
        for (const auto& line : batch.log_lines) {
            if (log_line_keys.insert({line.hostname, line.instance, line.source, line.seq}).second) {
                log_lines.push_back(line);
                ++batch.log_outcome.lines_stored;
            } else {
                ++batch.log_outcome.lines_duplicate;
            }
        }
        for (const auto& event : batch.events) {
            if (event_keys.insert({event.hostname, event.instance, event.id}).second) {
                events.push_back(event);
                ++batch.log_outcome.events_stored;
            } else {
                ++batch.log_outcome.events_duplicate;
            }
        }
        batch.sample_outcome = {};
        for (const auto& sample : batch.samples) {
            const SeriesKey series{sample.hostname, sample.instance, sample.name, sample.tags};
            if (metric_series.count(series) == 0) {
                std::size_t of_host = 0;
                for (const auto& known : metric_series) of_host += std::get<0>(known) == sample.hostname ? 1 : 0;
                if (of_host >= niamd::store::kMaxSeriesPerHost) {
                    ++batch.sample_outcome.series_refused;
                    continue;
                }
                metric_series.insert(series);
                ++batch.sample_outcome.series_created;
            }
            if (!sample_keys.insert({series, sample.time}).second) {
                ++batch.sample_outcome.duplicates;
                continue;
            }
            ++batch.sample_outcome.stored;
            samples.push_back(sample);
        }
        batch.sample_outcome.series_total = metric_series.size();
        return {};
    }

    awsrest::Result<std::vector<niamd::store::HostRow>> load_hosts() override {
        std::vector<niamd::store::HostRow> rows;
        for (const auto& [key, row] : hosts) rows.push_back(row);
        return rows;
    }
    awsrest::Result<std::vector<niamd::store::CheckStateRow>> load_check_states() override {
        std::vector<niamd::store::CheckStateRow> rows;
        for (const auto& [key, row] : check_states) rows.push_back(row);
        return rows;
    }
    awsrest::Result<std::vector<niamd::store::ServiceRegistrationRow>> load_service_registrations() override {
        std::vector<niamd::store::ServiceRegistrationRow> rows;
        for (const auto& [key, row] : registrations) rows.push_back(row);
        return rows;
    }
    awsrest::Result<std::vector<niamd::store::AlertRow>> load_pending_alerts() override {
        std::vector<niamd::store::AlertRow> rows;
        for (const auto& alert : alerts) {
            if (alert.delivery == niamd::store::Delivery::Pending) rows.push_back(alert);
        }
        return rows;
    }
    awsrest::Result<std::vector<std::string>> load_message_ids(std::int64_t since, std::size_t limit) override {
        std::vector<std::pair<std::int64_t, std::string>> applied;
        for (const auto& [id, time] : message_ids) {
            if (time >= since) applied.emplace_back(time, id);
        }
        std::sort(applied.begin(), applied.end());
        std::vector<std::string> ids;
        for (std::size_t i = applied.size() > limit ? applied.size() - limit : 0; i < applied.size(); ++i) {
            ids.push_back(applied[i].second);
        }
        return ids;
    }
    awsrest::Result<void> mark_alert_sent(std::int64_t id, std::int64_t when) override {
        auto* alert = find(id);
        if (alert == nullptr) return awsrest::make_error(awsrest::ErrorKind::InvalidArgument, "no alert");
        alert->delivery = niamd::store::Delivery::Sent;
        alert->sent_at = when;
        return {};
    }
    awsrest::Result<void> mark_alert_failed(std::int64_t id, int attempts, std::string_view error) override {
        auto* alert = find(id);
        if (alert == nullptr) return awsrest::make_error(awsrest::ErrorKind::InvalidArgument, "no alert");
        alert->attempts = attempts;
        alert->last_error = std::string(error);
        return {};
    }
    awsrest::Result<std::size_t> prune(std::int64_t before) override {
        pruned_before.push_back(before);
        return std::size_t{0};
    }
    awsrest::Result<std::vector<niamd::store::AlertRow>> alerts_since(std::int64_t since, std::size_t limit) override {
        std::vector<niamd::store::AlertRow> rows;
        for (const auto& alert : alerts) {
            if (alert.time >= since) rows.push_back(alert);
        }
        if (rows.size() > limit) rows.erase(rows.begin(), rows.end() - static_cast<std::ptrdiff_t>(limit));
        return rows;
    }
    awsrest::Result<std::vector<niamd::store::HeartbeatRow>> heartbeats(const niamd::store::HostKey&, std::int64_t,
                                                                        std::size_t) override {
        return std::vector<niamd::store::HeartbeatRow>{};
    }
    awsrest::Result<std::vector<niamd::store::CheckResultRow>> check_history(const std::string&, const std::string&,
                                                                             std::int64_t, std::size_t) override {
        return std::vector<niamd::store::CheckResultRow>{};
    }

    niamd::store::AlertRow* find(std::int64_t id) {
        for (auto& alert : alerts) {
            if (alert.id == id) return &alert;
        }
        return nullptr;
    }
    // Alerts of one kind, in order.
    std::vector<niamd::store::AlertRow> of_kind(niamd::store::AlertKind kind) const {
        std::vector<niamd::store::AlertRow> rows;
        std::copy_if(alerts.begin(), alerts.end(), std::back_inserter(rows),
                     [&](const auto& alert) { return alert.kind == kind; });
        return rows;
    }

    int fail_commits = 0;     // the next N commits fail
    bool lease_lost = false;  // every commit fails as a fenced write (kLeaseLostCode)
    int commits = 0;
    std::int64_t clock_seconds = 0;  // the time message ids are stamped with
    std::int64_t last_alert_id = 0;
    std::map<std::string, std::int64_t> message_ids;
    std::set<std::pair<niamd::store::HostKey, std::int64_t>> beats;
    std::set<std::pair<niamd::store::CheckKey, std::int64_t>> result_keys;
    std::vector<niamd::store::CheckResultRow> results;
    std::map<niamd::store::HostKey, niamd::store::HostRow> hosts;
    std::map<niamd::store::CheckKey, niamd::store::CheckStateRow> check_states;
    std::map<niamd::store::HostKey, niamd::store::ServiceRegistrationRow> registrations;
    std::vector<niamd::store::AlertRow> alerts;
    std::vector<std::int64_t> pruned_before;
    using SeriesKey = std::tuple<std::string, std::string, std::string, std::string>;  // host, instance, name, tags
    std::set<SeriesKey> metric_series;
    std::set<std::pair<SeriesKey, std::int64_t>> sample_keys;
    std::vector<niamd::store::MetricSampleRow> samples;   // stored, in order
    std::vector<niamd::store::InventoryRow> inventories;  // committed, in order
    std::vector<niamd::store::LogLineRow> log_lines;      // stored, in order
    std::vector<niamd::store::EventRow> events;           // stored, in order
    std::set<std::tuple<std::string, std::string, std::string, std::int64_t>> log_line_keys;
    std::set<std::tuple<std::string, std::string, std::string>> event_keys;
};

}  // namespace test_support
