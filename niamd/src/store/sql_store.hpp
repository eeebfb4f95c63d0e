// SqlStore: the HistoryStore over one SqlConnection, the same logic for SQLite and MariaDB
// (only the dialect's SQL differs). Calls are serialised by a mutex, so one instance may
// be shared between threads. After a lost connection (MariaDB) the next call reconnects;
// a read, a mark_alert_* or a commit whose COMMIT was not yet sent is retried once.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <awsrest/clock.hpp>

#include "store/history_store.hpp"
#include "store/log_writer.hpp"
#include "store/metric_writer.hpp"
#include "store/sql_connection.hpp"
#include "store/sql_dialect.hpp"

namespace niamd::store {

// Rows each prune statement deletes at most (prune repeats it until fewer go).
inline constexpr std::int64_t kPruneChunkRows = 5000;
// Metric series whose samples and rollups one prune transaction trims.
inline constexpr std::int64_t kPruneSeriesPage = 500;

class SqlStore final : public HistoryStore {
  public:
    // Migrates the schema, then serves. The clock stamps applied message ids; it must
    // outlive the store.
    static awsrest::Result<std::unique_ptr<SqlStore>> open(std::unique_ptr<SqlConnection> connection,
                                                           const SqlDialect& dialect, const awsrest::Clock& clock);

    awsrest::Result<void> commit(Batch& batch) override;
    awsrest::Result<void> fence_writes(WriterFence fence) override;
    awsrest::Result<std::vector<HostRow>> load_hosts() override;
    awsrest::Result<std::vector<CheckStateRow>> load_check_states() override;
    awsrest::Result<std::vector<ServiceRegistrationRow>> load_service_registrations() override;
    awsrest::Result<std::vector<AlertRow>> load_pending_alerts() override;
    awsrest::Result<std::vector<SilenceRow>> load_silences(std::int64_t now) override;
    awsrest::Result<std::vector<std::string>> load_message_ids(std::int64_t since, std::size_t limit) override;
    awsrest::Result<void> mark_alert_sent(std::int64_t id, std::int64_t when) override;
    awsrest::Result<void> mark_alert_failed(std::int64_t id, int attempts, std::string_view error) override;
    awsrest::Result<std::size_t> prune(std::int64_t before) override;
    awsrest::Result<std::size_t> prune_samples(std::int64_t before) override;
    awsrest::Result<std::size_t> prune_logs(std::int64_t before) override;
    awsrest::Result<LogPage> log_lines(const LogQuery& query) override;
    awsrest::Result<std::vector<EventRow>> events(const EventQuery& query) override;
    awsrest::Result<std::vector<AlertRow>> alerts_since(std::int64_t since, std::size_t limit) override;
    awsrest::Result<std::vector<HeartbeatRow>> heartbeats(const HostKey& host, std::int64_t since,
                                                          std::size_t limit) override;
    awsrest::Result<std::vector<CheckResultRow>> check_history(const std::string& hostname, const std::string& check,
                                                               std::int64_t since, std::size_t limit) override;
    awsrest::Result<std::optional<StoredInventory>> inventory(const HostKey& host) override;
    awsrest::Result<std::vector<MetricSeriesRow>> metric_series(const HostKey& host) override;
    awsrest::Result<std::optional<MetricPoints>> metric_points(const HostKey& host, std::string_view name,
                                                               std::string_view tags, std::int64_t since,
                                                               std::int64_t until, std::size_t max_points) override;

    int schema_version() const noexcept { return schema_version_; }
    const std::string& source() const noexcept { return connection_->source(); }

  private:
    SqlStore(std::unique_ptr<SqlConnection> connection, const SqlDialect& dialect, const awsrest::Clock& clock,
             int schema_version);

    // Runs operation(may_retry) under the mutex, reconnecting first when the connection
    // was lost, and once more after a loss if the operation left may_retry set.
    template <class Operation>
    auto run(std::string_view what, Operation&& operation);

    awsrest::Result<void> write(const Batch& batch, std::vector<std::int64_t>& alert_ids, SampleOutcome& samples,
                                bool& may_retry);
    awsrest::Result<void> write_rows(const Batch& batch, std::vector<std::int64_t>& alert_ids, SampleOutcome& samples);
    // With a fence: the lease row locked and still ours, else the kLeaseLostCode error.
    awsrest::Result<void> check_fence();
    // One UPDATE of one alert (id), in a transaction after check_fence() when fenced.
    awsrest::Result<void> fenced_update(std::string_view sql, std::span<const SqlParam> params, std::int64_t id);
    awsrest::Result<std::vector<AlertRow>> read_alerts(std::string_view sql, std::span<const SqlParam> params);
    // Deletes, series by series, samples (and rollups too) older than `before`.
    awsrest::Result<std::size_t> prune_per_series(std::int64_t before, bool rollups_too);
    awsrest::Result<std::optional<MetricPoints>> read_points(const HostKey& host, std::string_view name,
                                                             std::string_view tags, std::int64_t since,
                                                             std::int64_t until, std::size_t max_points);

    std::mutex mutex_;
    std::unique_ptr<SqlConnection> connection_;
    const SqlDialect& dialect_;
    const awsrest::Clock& clock_;
    int schema_version_ = 0;
    std::optional<WriterFence> fence_;  // under mutex_
    MetricWriter metrics_;
    LogWriter logs_;
    LogOutcome log_outcome_;  // of the write in progress
};

}  // namespace niamd::store
