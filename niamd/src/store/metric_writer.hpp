// MetricWriter: writes a batch's metric samples inside SqlStore's transaction — each sample
// to its series (found through a bounded in-memory cache of series ids, created when new
// unless its host already has kMaxSeriesPerHost), duplicates ignored, the 5-minute rollups
// merged. Samples and rollups go many rows per statement (MultiRowStatement): a statement
// of samples that meets one stored already is undone and run again in the form that ignores
// those and names the rows it stored, so duplicates are still told apart one by one.
// A series row's last_time/last_value are written once per rollup bucket (the
// newest sample is read from metric_samples; the row is what outlives raw retention and
// what retention goes by), not once per sample. What a transaction learns (new series,
// host counts, rows written) is kept only once it commits.
//
// New samples and rollup partials go into metric_samples_staging / metric_rollup_staging,
// small tables whose pages a round rewrites, instead of a leaf page per series of the big
// metric_samples / metric_rollups. When the staging holds kMaxStagedSamples samples, or its
// first sample was staged kStagedSeconds ago (the store's clock), the commit also moves it
// all, in key order, many samples per series at once (rollups merged), and empties it.
// Readers read both. A sample is in one of the two tables at most: a new sample meets the
// staging's key, and metric_samples is looked up only for a sample not newer than what the
// cache knows its series holds (`stored_until`), i.e. a late or redelivered one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <awsrest/result.hpp>

#include "store/metric_rows.hpp"
#include "store/multi_row_statement.hpp"
#include "store/sql_connection.hpp"
#include "store/sql_dialect.hpp"

namespace niamd::store {

inline constexpr std::size_t kMaxCachedSeries = 500000;     // series ids cached; the cache restarts when full
inline constexpr std::size_t kMaxCachedHosts = 200000;      // per-host series counts cached
inline constexpr std::int64_t kSeriesCacheSeconds = 900;    // a cached id is looked up again after this
inline constexpr std::int64_t kHostRecountSeconds = 60;     // a host at the limit is counted again after this
inline constexpr std::int64_t kSeriesRecountSeconds = 600;  // every series counted again after this
inline constexpr std::size_t kMaxStagedSamples = 524288;    // the staging moves when it holds this many
inline constexpr std::int64_t kStagedSeconds = 900;         // ... or its first sample was staged this long ago

class MetricWriter {
  public:
    explicit MetricWriter(const SqlDialect& dialect)
        : insert_samples_(dialect.insert_samples),
          insert_new_samples_(dialect.insert_new_samples),
          upsert_rollups_(dialect.upsert_rollups),
          move_samples_(dialect.move_samples),
          move_rollups_(dialect.move_rollups) {}

    // Within the caller's open transaction. `now` (Unix seconds) ages the caches.
    awsrest::Result<void> write(SqlConnection& db, const std::vector<MetricSampleRow>& samples, std::int64_t now,
                                SampleOutcome& outcome);
    void committed();    // the transaction of the last write() committed
    void rolled_back();  // ... did not: forget what it created

  private:
    static constexpr std::int64_t kNothingStored = std::numeric_limits<std::int64_t>::min();
    struct CachedSeries {
        std::int64_t id = 0;
        std::int64_t cached_at = 0;
        std::int64_t written_bucket = -1;  // the bucket of the last_time last written to its row; -1 unknown
        // No sample of the series in metric_samples or the staging is newer than this.
        std::int64_t stored_until = kNothingStored;
    };
    struct SeriesRef {
        std::int64_t id = 0;
        std::int64_t written_bucket = -1;
        std::int64_t stored_until = kNothingStored;
    };
    // A series the open transaction wrote samples of.
    struct Touched {
        std::string key;
        std::int64_t written_bucket = -1;  // written to its row now; -1 not
        std::int64_t newest = 0;           // its newest sample written now
    };
    // A sample of the batch with its series, not yet written.
    struct Pending {
        std::int64_t series = 0;
        std::int64_t written_bucket = -1;
        std::size_t sample = 0;  // index in the batch
    };
    // A sample written in this transaction.
    struct Written {
        std::int64_t series = 0;
        std::int64_t bucket = 0;
        std::int64_t time = 0;
        double value = 0;
        std::int64_t written_bucket = -1;
        std::size_t sample = 0;  // index in the batch
    };
    struct HostCount {
        std::size_t count = 0;
        std::int64_t counted_at = 0;
        bool refusal_logged = false;
    };

    awsrest::Result<std::optional<SeriesRef>> series_of(SqlConnection& db, const MetricSampleRow& sample,
                                                        const std::string& key, std::int64_t now,
                                                        SampleOutcome& outcome);
    awsrest::Result<HostCount*> host_count(SqlConnection& db, const MetricSampleRow& sample, std::int64_t now);
    // Inserts pending_[first, first + rows) in one statement; what it stored goes to written_.
    awsrest::Result<void> insert_samples(SqlConnection& db, const std::vector<MetricSampleRow>& samples,
                                         std::size_t first, std::size_t rows, SampleOutcome& outcome);
    awsrest::Result<void> write_rollups(SqlConnection& db, const std::vector<MetricSampleRow>& samples);
    // Whether metric_samples (not the staging) holds this sample.
    awsrest::Result<bool> stored_before(SqlConnection& db, std::int64_t series, std::int64_t time);
    // Moves the staging when it is due.
    awsrest::Result<void> move_staged(SqlConnection& db, std::int64_t now, std::size_t staged_now);

    MultiRowStatement insert_samples_;
    MultiRowStatement insert_new_samples_;
    MultiRowStatement upsert_rollups_;
    std::string_view move_samples_;
    std::string_view move_rollups_;
    std::unordered_map<std::string, CachedSeries> series_;    // committed series by key
    std::unordered_map<std::string, HostCount> host_counts_;  // committed counts by host key
    std::optional<std::size_t> total_;                        // series in the store
    std::int64_t total_counted_at_ = 0;
    std::optional<std::size_t> staged_;         // samples in the staging (at least; prune may take some)
    std::optional<std::int64_t> staged_since_;  // when its first sample was staged (or first counted)
    // The open transaction's.
    std::unordered_map<std::string, std::int64_t> fresh_series_;
    std::vector<Touched> fresh_touched_;
    std::size_t fresh_staged_ = 0;  // samples staged
    bool moved_ = false;            // the staging was moved
    std::vector<Pending> pending_;
    std::vector<Written> written_;
    std::unordered_map<std::string, HostCount> fresh_counts_;
    std::size_t fresh_total_ = 0;
    std::int64_t now_ = 0;  // of the open transaction
    // Scratch.
    std::string key_;
    std::vector<SqlParam> params_;
    std::vector<bool> stored_;
};

}  // namespace niamd::store
