#include "store/metric_writer.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "log/log.hpp"

namespace niamd::store {

namespace {

// With the newest time of its samples in metric_samples and in the staging.
constexpr std::string_view kSelectSeriesId =
    "SELECT s.id, (SELECT MAX(m.time) FROM metric_samples m WHERE m.series_id = s.id), "
    "(SELECT MAX(t.time) FROM metric_samples_staging t WHERE t.series_id = s.id) "
    "FROM metric_series s WHERE s.hostname = ? AND s.instance = ? AND s.name = ? AND s.tags = ?";
constexpr std::string_view kSelectStoredSample = "SELECT 1 FROM metric_samples WHERE series_id = ? AND time = ?";
constexpr std::string_view kCountStaged = "SELECT COUNT(*) FROM metric_samples_staging";
constexpr std::string_view kClearStagedSamples = "DELETE FROM metric_samples_staging";
constexpr std::string_view kClearStagedRollups = "DELETE FROM metric_rollup_staging";
constexpr std::string_view kCountHostSeries = "SELECT COUNT(*) FROM metric_series WHERE hostname = ? AND instance = ?";
constexpr std::string_view kCountSeries = "SELECT COUNT(*) FROM metric_series";
constexpr std::string_view kInsertSeries =
    "INSERT INTO metric_series (hostname, instance, name, tags, unit, created, last_time, last_value) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
// Only forward: a late sample does not replace a newer one as the latest value.
constexpr std::string_view kUpdateLatest =
    "UPDATE metric_series SET last_time = ?, last_value = ?, unit = ? WHERE id = ? AND last_time <= ?";

// Length-prefixed fields (4 bytes of length, then the bytes): no two different tuples give
// the same key.
void append_field(std::string& key, std::string_view field) {
    const auto size = static_cast<std::uint32_t>(field.size());
    const char length[4] = {static_cast<char>(size), static_cast<char>(size >> 8), static_cast<char>(size >> 16),
                            static_cast<char>(size >> 24)};
    key.append(length, 4);
    key.append(field);
}

void series_key(std::string& key, const MetricSampleRow& sample) {
    key.clear();
    append_field(key, sample.hostname);
    append_field(key, sample.instance);
    append_field(key, sample.name);
    append_field(key, sample.tags);
}

bool is_null(const SqlRow& row, std::size_t column) {
    return std::holds_alternative<std::nullptr_t>(row.values.at(column));
}

void host_key(std::string& key, const MetricSampleRow& sample) {
    key.clear();
    append_field(key, sample.hostname);
    append_field(key, sample.instance);
}

}  // namespace

awsrest::Result<MetricWriter::HostCount*> MetricWriter::host_count(SqlConnection& db, const MetricSampleRow& sample,
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

awsrest::Result<std::optional<MetricWriter::SeriesRef>> MetricWriter::series_of(SqlConnection& db,
                                                                                const MetricSampleRow& sample,
                                                                                const std::string& key,
                                                                                std::int64_t now,
                                                                                SampleOutcome& outcome) {
    using Found = std::optional<SeriesRef>;
    if (auto fresh = fresh_series_.find(key); fresh != fresh_series_.end()) {
        return Found(SeriesRef{fresh->second, rollup_bucket(sample.time), kNothingStored});
    }
    if (auto cached = series_.find(key); cached != series_.end()) {
        if (now - cached->second.cached_at < kSeriesCacheSeconds) {
            return Found(SeriesRef{cached->second.id, cached->second.written_bucket, cached->second.stored_until});
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
        const SqlRow& found = rows->front();
        const std::int64_t id = found.integer(0);
        std::int64_t stored_until = kNothingStored;
        for (const std::size_t column : {std::size_t{1}, std::size_t{2}}) {
            if (!is_null(found, column)) stored_until = std::max(stored_until, found.integer(column));
        }
        series_.emplace(key, CachedSeries{id, now, -1, stored_until});
        return Found(SeriesRef{id, -1, stored_until});
    }
    auto count = host_count(db, sample, now);
    if (!count) return std::move(count).error();
    HostCount& host = **count;
    if (host.count >= kMaxSeriesPerHost) {
        ++outcome.series_refused;
        if (!host.refusal_logged) {
            host.refusal_logged = true;
            log::warning(
                "store: host " + sample.hostname + " " + sample.instance + " has " + std::to_string(host.count) +
                " metric series, the most kept per host; samples of new "
                "series refused (first: " +
                sample.name + (sample.tags.empty() ? "" : " " + sample.tags) + "), further refusals only counted");
        }
        return Found{};
    }
    const std::array<SqlParam, 8> row{std::string_view(sample.hostname),
                                      std::string_view(sample.instance),
                                      std::string_view(sample.name),
                                      std::string_view(sample.tags),
                                      std::string_view(sample.unit),
                                      sample.time,
                                      sample.time,
                                      sample.value};
    auto inserted = db.execute(kInsertSeries, row);
    if (!inserted) return std::move(inserted).error();
    ++host.count;
    ++fresh_total_;
    ++outcome.series_created;
    fresh_series_.emplace(key, inserted->last_insert_id);
    // The row holds this sample as its newest: written for this bucket.
    return Found(SeriesRef{inserted->last_insert_id, rollup_bucket(sample.time), kNothingStored});
}

awsrest::Result<void> MetricWriter::insert_samples(SqlConnection& db, const std::vector<MetricSampleRow>& samples,
                                                   std::size_t first, std::size_t rows, SampleOutcome& outcome) {
    params_.clear();
    for (std::size_t k = first; k < first + rows; ++k) {
        const MetricSampleRow& sample = samples[pending_[k].sample];
        params_.emplace_back(pending_[k].series);
        params_.emplace_back(sample.time);
        params_.emplace_back(sample.value);
    }
    // Usually every row is new.
    auto all = db.insert_all(insert_samples_.text(rows), params_);
    if (!all) return std::move(all).error();
    stored_.assign(rows, all->has_value());
    if (!*all) {
        // Each (series, time) returned is the first row of the statement with that key
        // (later ones, and keys there already, were ignored).
        auto stored = db.query(insert_new_samples_.text(rows), params_);
        if (!stored) return std::move(stored).error();
        for (const SqlRow& row : *stored) {
            const std::int64_t series = row.integer(0);
            const std::int64_t time = row.integer(1);
            std::size_t k = 0;
            while (k < rows && (stored_[k] || pending_[first + k].series != series ||
                                samples[pending_[first + k].sample].time != time)) {
                ++k;
            }
            if (k == rows) {
                return awsrest::make_error(awsrest::ErrorKind::InvalidArgument,
                                           db.source() +
                                               ": INSERT INTO metric_samples: returned a sample "
                                               "it was not given (series " +
                                               std::to_string(series) + ", time " + std::to_string(time) + ")");
            }
            stored_[k] = true;
        }
    }
    for (std::size_t k = 0; k < rows; ++k) {
        if (!stored_[k]) {
            ++outcome.duplicates;
            continue;
        }
        ++outcome.stored;
        const Pending& pending = pending_[first + k];
        const MetricSampleRow& sample = samples[pending.sample];
        written_.push_back({pending.series, rollup_bucket(sample.time), sample.time, sample.value,
                            pending.written_bucket, pending.sample});
    }
    return {};
}

awsrest::Result<void> MetricWriter::write_rollups(SqlConnection& db, const std::vector<MetricSampleRow>& samples) {
    // By series, bucket and time: one rollup row per (series, bucket), and the newest
    // sample of each series last in its run.
    std::sort(written_.begin(), written_.end(), [](const Written& a, const Written& b) {
        if (a.series != b.series) return a.series < b.series;
        if (a.bucket != b.bucket) return a.bucket < b.bucket;
        return a.time < b.time;
    });
    std::size_t groups = 0;
    for (std::size_t i = 0; i < written_.size(); ++i) {
        if (i == 0 || written_[i].series != written_[i - 1].series || written_[i].bucket != written_[i - 1].bucket) {
            ++groups;
        }
    }
    params_.clear();
    std::size_t rows = 0;       // in params_
    std::size_t left = groups;  // rollup rows not yet in a statement
    for (std::size_t i = 0; i < written_.size();) {
        const Written& first = written_[i];
        double min = first.value;
        double max = first.value;
        double sum = 0;
        std::int64_t count = 0;
        std::size_t j = i;
        for (; j < written_.size() && written_[j].series == first.series && written_[j].bucket == first.bucket; ++j) {
            min = std::min(min, written_[j].value);
            max = std::max(max, written_[j].value);
            sum += written_[j].value;
            ++count;
        }
        for (SqlParam param : {SqlParam(first.series), SqlParam(first.bucket), SqlParam(min), SqlParam(max),
                               SqlParam(sum), SqlParam(count)}) {
            params_.push_back(param);
        }
        if (++rows == MultiRowStatement::chunk(left)) {
            if (auto done = db.execute(upsert_rollups_.text(rows), params_); !done) return std::move(done).error();
            left -= rows;
            rows = 0;
            params_.clear();
        }
        const bool newest_of_series = j == written_.size() || written_[j].series != first.series;
        const Written& newest = written_[j - 1];
        if (newest_of_series) {
            const MetricSampleRow& sample = samples[newest.sample];
            Touched touched{std::string(), -1, newest.time};
            series_key(touched.key, sample);
            if (newest.bucket > newest.written_bucket) {
                const std::array<SqlParam, 5> latest{newest.time, newest.value, std::string_view(sample.unit),
                                                     newest.series, newest.time};
                if (auto done = db.execute(kUpdateLatest, latest); !done) return std::move(done).error();
                touched.written_bucket = newest.bucket;
            }
            fresh_touched_.push_back(std::move(touched));
        }
        i = j;
    }
    return {};
}

awsrest::Result<bool> MetricWriter::stored_before(SqlConnection& db, std::int64_t series, std::int64_t time) {
    const std::array<SqlParam, 2> key{series, time};
    auto rows = db.query(kSelectStoredSample, key);
    if (!rows) return std::move(rows).error();
    return !rows->empty();
}

awsrest::Result<void> MetricWriter::move_staged(SqlConnection& db, std::int64_t now, std::size_t staged_now) {
    const bool full = staged_now >= kMaxStagedSamples;
    const bool old = staged_now > 0 && staged_since_ && now - *staged_since_ >= kStagedSeconds;
    if (!full && !old) return {};
    for (std::string_view sql : {move_samples_, move_rollups_, kClearStagedSamples, kClearStagedRollups}) {
        if (auto done = db.execute(sql, {}); !done) return std::move(done).error();
    }
    moved_ = true;
    return {};
}

awsrest::Result<void> MetricWriter::write(SqlConnection& db, const std::vector<MetricSampleRow>& samples,
                                          std::int64_t now, SampleOutcome& outcome) {
    fresh_series_.clear();
    fresh_counts_.clear();
    fresh_touched_.clear();
    fresh_total_ = 0;
    fresh_staged_ = 0;
    moved_ = false;
    now_ = now;
    outcome = {};
    if (!total_ || now - total_counted_at_ >= kSeriesRecountSeconds) {
        auto rows = db.query(kCountSeries, {});
        if (!rows) return std::move(rows).error();
        total_ = rows->empty() ? 0 : static_cast<std::size_t>(rows->front().integer(0));
        total_counted_at_ = now;
    }
    if (!staged_) {
        auto rows = db.query(kCountStaged, {});
        if (!rows) return std::move(rows).error();
        staged_ = rows->empty() ? 0 : static_cast<std::size_t>(rows->front().integer(0));
        if (*staged_ > 0) staged_since_ = now;  // staged by an earlier run: when, is not known
    }
    if (samples.empty()) {
        outcome.series_total = *total_;
        return {};
    }

    pending_.clear();
    pending_.reserve(samples.size());
    for (std::size_t i = 0; i < samples.size(); ++i) {
        const MetricSampleRow& sample = samples[i];
        series_key(key_, sample);
        auto series = series_of(db, sample, key_, now, outcome);
        if (!series) return std::move(series).error();
        if (!*series) continue;
        if (sample.time <= (*series)->stored_until) {
            // Late or redelivered: it may have moved into metric_samples already.
            auto stored = stored_before(db, (*series)->id, sample.time);
            if (!stored) return std::move(stored).error();
            if (*stored) {
                ++outcome.duplicates;
                continue;
            }
        }
        pending_.push_back({(*series)->id, (*series)->written_bucket, i});
    }
    written_.clear();
    written_.reserve(pending_.size());
    for (std::size_t first = 0; first < pending_.size();) {
        const std::size_t rows = MultiRowStatement::chunk(pending_.size() - first);
        if (auto done = insert_samples(db, samples, first, rows, outcome); !done) return done;
        first += rows;
    }
    if (auto done = write_rollups(db, samples); !done) return done;
    fresh_staged_ = outcome.stored;
    if (auto done = move_staged(db, now, *staged_ + fresh_staged_); !done) return done;
    outcome.series_total = *total_ + fresh_total_;
    return {};
}

void MetricWriter::committed() {
    if (series_.size() + fresh_series_.size() > kMaxCachedSeries) series_.clear();
    for (auto& [key, id] : fresh_series_) series_.insert_or_assign(key, CachedSeries{id, now_, -1, kNothingStored});
    for (const Touched& touched : fresh_touched_) {
        if (auto cached = series_.find(touched.key); cached != series_.end()) {
            cached->second.written_bucket = std::max(cached->second.written_bucket, touched.written_bucket);
            cached->second.stored_until = std::max(cached->second.stored_until, touched.newest);
        }
    }
    if (moved_) {
        staged_ = 0;
        staged_since_.reset();
    } else if (staged_ && fresh_staged_ > 0) {
        if (*staged_ == 0 || !staged_since_) staged_since_ = now_;
        *staged_ += fresh_staged_;
    }
    if (host_counts_.size() + fresh_counts_.size() > kMaxCachedHosts) host_counts_.clear();
    for (auto& [key, count] : fresh_counts_) host_counts_.insert_or_assign(key, count);
    if (total_) *total_ += fresh_total_;
    rolled_back();
}

void MetricWriter::rolled_back() {
    fresh_touched_.clear();
    fresh_staged_ = 0;
    moved_ = false;
    fresh_series_.clear();
    fresh_counts_.clear();
    fresh_total_ = 0;
}

}  // namespace niamd::store
