#include "master/metric_thresholds.hpp"

#include <algorithm>
#include <cstdio>
#include <set>

#include "master/alert_text.hpp"

namespace niamd::master {
namespace {

bool selects(const config::ThresholdSpec& spec, const metrics::Sample& sample) {
    for (const auto& wanted : spec.tags) {  // a pair: clang 14 cannot capture structured bindings
        const bool found = std::any_of(sample.tags.begin(), sample.tags.end(), [&](const metrics::Tag& tag) {
            return tag.key == wanted.first && tag.value == wanted.second;
        });
        if (!found) return false;
    }
    return true;
}

// The series' identity: its name and its tags in a fixed order.
std::string series_id(const metrics::Sample& sample) {
    std::vector<const metrics::Tag*> tags;
    tags.reserve(sample.tags.size());
    for (const auto& tag : sample.tags) tags.push_back(&tag);
    std::sort(tags.begin(), tags.end(), [](const metrics::Tag* a, const metrics::Tag* b) {
        return a->key != b->key ? a->key < b->key : a->value < b->value;
    });
    std::string id = sample.name;
    for (const auto* tag : tags) id += '\x1f' + tag->key + '=' + tag->value;
    return id;
}

// "fs.used_pct[mount=/] = 93.5%", "load.1 = 4.2", "net.rx_bytes_per_s[if=eth0] = 1.2e+06 B/s".
std::string describe_sample(const metrics::Sample& sample) {
    std::string text = sample.name;
    if (!sample.tags.empty()) {
        text += '[';
        for (std::size_t i = 0; i < sample.tags.size(); ++i) {
            text += (i == 0 ? "" : ",") + sample.tags[i].key + "=" + sample.tags[i].value;
        }
        text += ']';
    }
    char value[32];
    std::snprintf(value, sizeof value, "%.6g", sample.value);
    text += " = ";
    text += value;
    if (!sample.unit.empty()) text += (sample.unit == "%" ? "" : " ") + sample.unit;
    return one_line(text, 512);
}

}  // namespace

void MetricThresholds::configure(const config::HostConfig& config) {
    renotify_ = config.renotify;
    std::map<std::string, std::uint32_t> kept;  // text -> id of the statements so far
    for (const auto& threshold : thresholds_) kept.emplace(threshold.text, threshold.id);
    std::vector<Threshold> thresholds;
    std::set<std::uint32_t> ids;
    for (const auto& spec : config.thresholds) {
        Threshold threshold{spec, 0, spec.text()};
        const auto it = kept.find(threshold.text);
        threshold.id = it != kept.end() ? it->second : next_id_++;
        if (!ids.insert(threshold.id).second) threshold.id = next_id_++;  // the same text twice: two levels
        thresholds.push_back(std::move(threshold));
    }
    thresholds_ = std::move(thresholds);
    by_name_.clear();
    for (std::size_t i = 0; i < thresholds_.size(); ++i) by_name_[thresholds_[i].spec.name].push_back(i);
    // Levels of statements that went away.
    for (auto host = hosts_.begin(); host != hosts_.end();) {
        auto& levels = host->second;
        for (auto it = levels.begin(); it != levels.end();) {
            if (ids.count(it->first.second) != 0) {
                ++it;
                continue;
            }
            it = levels.erase(it);
            --levels_count_;
        }
        host = levels.empty() ? hosts_.erase(host) : std::next(host);
    }
}

std::vector<MetricAlert> MetricThresholds::apply(const store::HostKey& host, const metrics::Sample& sample,
                                                 std::int64_t now) {
    std::vector<MetricAlert> alerts;
    const auto named = by_name_.find(sample.name);
    if (named == by_name_.end()) return alerts;
    const std::int64_t t = sample.time != 0 ? sample.time : now;
    std::string id;
    HostLevels* levels = nullptr;
    for (const std::size_t index : named->second) {
        const Threshold& threshold = thresholds_[index];
        const auto& spec = threshold.spec;
        if (!selects(spec, sample)) continue;
        if (levels == nullptr) {
            id = series_id(sample);
            levels = &hosts_[host];
        }
        auto key = std::make_pair(id, threshold.id);
        auto it = levels->find(key);
        if (it == levels->end()) {
            if (levels->size() >= kMaxLevelsPerHost) {
                ++refused_;
                continue;
            }
            it = levels->emplace(std::move(key), SeriesLevel{}).first;
            ++levels_count_;
        } else if (t <= it->second.last_time) {
            continue;  // old news
        }
        SeriesLevel& level = it->second;
        level.last_time = t;

        const bool critical = spec.crit && spec.crit->alerts(sample.value);
        const bool warning = critical || (spec.warn && spec.warn->alerts(sample.value));
        if (!warning) level.warning_since.reset();
        else if (!level.warning_since) level.warning_since = t;
        if (!critical) level.critical_since.reset();
        else if (!level.critical_since) level.critical_since = t;

        Level due = Level::Ok;
        if (level.critical_since && t - *level.critical_since >= spec.for_seconds) {
            due = Level::Critical;
        } else if (level.warning_since && t - *level.warning_since >= spec.for_seconds) {
            due = Level::Warning;
        }

        const std::string what = describe_sample(sample);
        const std::string statement = " (" + threshold.text + ", line " + std::to_string(spec.line) + ")";
        auto range_words = [&](Level shown) {
            const bool is_critical = shown == Level::Critical;
            const auto& range = is_critical ? spec.crit : spec.warn;
            if (!range) return std::string(is_critical ? "CRIT" : "WARN");
            return std::string(range->inside ? "inside " : "outside ") + (is_critical ? "CRIT " : "WARN ") +
                   range->text();
        };
        auto level_name = [](Level l) {
            return std::string(l == Level::Critical ? "CRITICAL" : l == Level::Warning ? "WARNING" : "OK");
        };

        if (due != level.raised) {
            const Level was = level.raised;
            MetricAlert alert;
            if (due == Level::Ok) {
                alert.kind = store::AlertKind::MetricOk;
                alert.detail = what + " OK again (" + level_name(was) + " for " +
                               std::to_string(t - level.raised_since) + " s)" + statement;
            } else {
                alert.kind =
                    due == Level::Critical ? store::AlertKind::MetricCritical : store::AlertKind::MetricWarning;
                const std::int64_t since = due == Level::Critical ? *level.critical_since : *level.warning_since;
                alert.detail = what + " " + level_name(due) +
                               (was != Level::Ok ? " (was " + level_name(was) + ")" : "") + ": " + range_words(due) +
                               " for " + std::to_string(t - since) + " s" + statement;
            }
            level.raised = due;
            level.raised_since = t;
            level.last_notified = now;
            alerts.push_back(std::move(alert));
        } else if (due != Level::Ok && renotify_ > 0 && now - level.last_notified >= renotify_) {
            level.last_notified = now;
            alerts.push_back(
                MetricAlert{due == Level::Critical ? store::AlertKind::MetricCritical : store::AlertKind::MetricWarning,
                            what + " still " + level_name(due) + " since " + iso_time(level.raised_since) + ": " +
                                range_words(due) + statement});
        }
    }
    if (levels != nullptr && levels->empty()) hosts_.erase(host);
    return alerts;
}

void MetricThresholds::forget(const store::HostKey& host) {
    const auto it = hosts_.find(host);
    if (it == hosts_.end()) return;
    levels_count_ -= it->second.size();
    hosts_.erase(it);
}

}  // namespace niamd::master
