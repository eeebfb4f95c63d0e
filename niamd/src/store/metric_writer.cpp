#include "store/metric_writer.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "log/log.hpp"

namespace niamd::store {

namespace {

constexpr std::string_view kSelectSeriesId =
    "SELECT id FROM metric_series WHERE hostname = ? AND instance = ? AND name = ? AND tags = ?";
constexpr std::string_view kCountHostSeries =
    "SELECT COUNT(*) FROM metric_series WHERE hostname = ? AND instance = ?";
constexpr std::string_view kCountSeries = "SELECT COUNT(*) FROM metric_series";
constexpr std::string_view kInsertSeries =
    "INSERT INTO metric_series (hostname, instance, name, tags, unit, created, last_time, last_value) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
// Only forward: a late sample does not replace a newer one as the latest value.
constexpr std::string_view kUpdateLatest =
    "UPDATE metric_series SET last_time = ?, last_value = ?, unit = ? WHERE id = ? AND last_time <= ?";

// Length-prefixed fields: no two different tuples give the same key.
void append_field(std::string& key, std::string_view field) {
    key += std::to_string(field.size());
    key += ':';
    key += field;
}

void host_key(std::string& key, const MetricSampleRow& sample) {
    key.clear();
    append_field(key, sample.hostname);
    append_field(key, sample.instance);
}

struct Rollup {
    double min = 0;
    double max = 0;
    double sum = 0;
    std::int64_t samples = 0;
};

struct Latest {
    std::int64_t time = 0;
    double value = 0;
    const std::string* unit = nullptr;
};

struct BucketKey {
    std::int64_t series = 0;
    std::int64_t bucket = 0;
    bool operator==(const BucketKey&) const = default;
};

struct BucketHash {
    std::size_t operator()(const BucketKey& key) const noexcept {
        return std::hash<std::int64_t>{}(key.series * 1000003 ^ key.bucket);
    }
};

}  // namespace

awsrest::Result<MetricWriter::HostCount*> MetricWriter::host_count(SqlConnection& db,
                                                                   const MetricSampleRow& sample,
                                                                   std::int64_t now) {
    std::string key;
    host_key(key, sample);
    if (auto fresh = fresh_counts_.find(key); fresh != fresh_counts_.end()) return &fresh->second;
    HostCount count;
    auto known = host_counts_.find(key);
    if (known != host_counts_.end()) count = known->second;
    const bool stale = known == host_counts_.end() ||
                       (count.count >= kMaxSeriesPerHost && now - count.counted_at >= kHostRecountSeconds);
    if (stale) {
        // Counted again at the limit: the pruner may have removed series since.
        const std::array<SqlParam, 2> params{std::string_view(sample.hostname), std::string_view(sample.instance)};
        auto rows = db.query(kCountHostSeries, params);
        if (!rows) return std::move(rows).error();
        count.count = rows->empty() ? 0 : static_cast<std::size_t>(rows->front().integer(0));
        count.counted_at = now;
    }
    return &fresh_counts_.emplace(std::move(key), count).first->second;
}

awsrest::Result<std::optional<std::int64_t>> MetricWriter::series_of(SqlConnection& db,
                                                                     const MetricSampleRow& sample,
                                                                     const std::string& key, std::int64_t now,
                                                                     SampleOutcome& outcome) {
    if (auto fresh = fresh_series_.find(key); fresh != fresh_series_.end()) {
        return std::optional<std::int64_t>(fresh->second);
    }
    if (auto cached = series_.find(key); cached != series_.end()) {
        if (now - cached->second.cached_at < kSeriesCacheSeconds) {
            return std::optional<std::int64_t>(cached->second.id);
        }
        series_.erase(cached);
    }
    const std::array<SqlParam, 4> lookup{std::string_view(sample.hostname), std::string_view(sample.instance),
                                         std::string_view(sample.name), std::string_view(sample.tags)};
    auto rows = db.query(kSelectSeriesId, lookup);
    if (!rows) return std::move(rows).error();
    if (!rows->empty()) {
        // Committed before this transaction: valid whatever becomes of it.
        if (series_.size() >= kMaxCachedSeries) series_.clear();
        const std::int64_t id = rows->front().integer(0);
        series_.emplace(key, CachedSeries{id, now});
        return std::optional<std::int64_t>(id);
    }
    auto count = host_count(db, sample, now);
    if (!count) return std::move(count).error();
    HostCount& host = **count;
    if (host.count >= kMaxSeriesPerHost) {
        ++outcome.series_refused;
        if (!host.refusal_logged) {
            host.refusal_logged = true;
            log::warning("store: host " + sample.hostname + " " + sample.instance + " has " +
                         std::to_string(host.count) + " metric series, the most kept per host; samples of new "
                         "series refused (first: " + sample.name + (sample.tags.empty() ? "" : " " + sample.tags) +
                         "), further refusals only counted");
        }
        return std::optional<std::int64_t>{};
    }
    const std::array<SqlParam, 8> row{std::string_view(sample.hostname), std::string_view(sample.instance),
                                      std::string_view(sample.name),     std::string_view(sample.tags),
                                      std::string_view(sample.unit),     sample.time,
                                      sample.time,                       sample.value};
    auto inserted = db.execute(kInsertSeries, row);
    if (!inserted) return std::move(inserted).error();
    ++host.count;
    ++fresh_total_;
    ++outcome.series_created;
    fresh_series_.emplace(key, inserted->last_insert_id);
    return std::optional<std::int64_t>(inserted->last_insert_id);
}

awsrest::Result<void> MetricWriter::write(SqlConnection& db, const std::vector<MetricSampleRow>& samples,
                                          std::int64_t now, SampleOutcome& outcome) {
    fresh_series_.clear();
    fresh_counts_.clear();
    fresh_total_ = 0;
    now_ = now;
    outcome = {};
    if (!total_ || now - total_counted_at_ >= kSeriesRecountSeconds) {
        auto rows = db.query(kCountSeries, {});
        if (!rows) return std::move(rows).error();
        total_ = rows->empty() ? 0 : static_cast<std::size_t>(rows->front().integer(0));
        total_counted_at_ = now;
    }
    if (samples.empty()) {
        outcome.series_total = *total_;
        return {};
    }

    std::unordered_map<BucketKey, Rollup, BucketHash> rollups;
    std::unordered_map<std::int64_t, Latest> latest;
    for (const MetricSampleRow& sample : samples) {
        key_.clear();
        append_field(key_, sample.hostname);
        append_field(key_, sample.instance);
        append_field(key_, sample.name);
        append_field(key_, sample.tags);
        auto series = series_of(db, sample, key_, now, outcome);
        if (!series) return std::move(series).error();
        if (!*series) continue;
        const std::int64_t id = **series;
        const std::array<SqlParam, 3> row{id, sample.time, sample.value};
        auto inserted = db.execute(dialect_.insert_sample, row);
        if (!inserted) return std::move(inserted).error();
        if (inserted->affected_rows == 0) {
            ++outcome.duplicates;
            continue;
        }
        ++outcome.stored;
        auto [bucket, first] = rollups.try_emplace(BucketKey{id, rollup_bucket(sample.time)});
        Rollup& rollup = bucket->second;
        if (first) {
            rollup.min = rollup.max = sample.value;
        } else {
            rollup.min = std::min(rollup.min, sample.value);
            rollup.max = std::max(rollup.max, sample.value);
        }
        rollup.sum += sample.value;
        ++rollup.samples;
        auto [newest, none] = latest.try_emplace(id);
        if (none || sample.time >= newest->second.time) newest->second = {sample.time, sample.value, &sample.unit};
    }
    for (const auto& [key, rollup] : rollups) {
        const std::array<SqlParam, 6> row{key.series, key.bucket, rollup.min, rollup.max, rollup.sum, rollup.samples};
        if (auto done = db.execute(dialect_.upsert_rollup, row); !done) return std::move(done).error();
    }
    for (const auto& [id, newest] : latest) {
        const std::array<SqlParam, 5> row{newest.time, newest.value, std::string_view(*newest.unit), id, newest.time};
        if (auto done = db.execute(kUpdateLatest, row); !done) return std::move(done).error();
    }
    outcome.series_total = *total_ + fresh_total_;
    return {};
}

void MetricWriter::committed() {
    if (series_.size() + fresh_series_.size() > kMaxCachedSeries) series_.clear();
    for (auto& [key, id] : fresh_series_) series_.insert_or_assign(key, CachedSeries{id, now_});
    if (host_counts_.size() + fresh_counts_.size() > kMaxCachedHosts) host_counts_.clear();
    for (auto& [key, count] : fresh_counts_) host_counts_.insert_or_assign(key, count);
    if (total_) *total_ += fresh_total_;
    rolled_back();
}

void MetricWriter::rolled_back() {
    fresh_series_.clear();
    fresh_counts_.clear();
    fresh_total_ = 0;
}

}  // namespace niamd::store
