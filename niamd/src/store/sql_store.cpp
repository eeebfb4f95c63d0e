#include "store/sql_store.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <limits>
#include <utility>

#include "log/log.hpp"
#include "store/inventory_writer.hpp"
#include "store/log_reader.hpp"
#include "store/row_bounds.hpp"
#include "store/schema_migration.hpp"

namespace niamd::store {

namespace {

#define NIAM_HOST_COLUMNS "hostname, instance, status, first_seen, last_ping, status_since, detail"
#define NIAM_CHECK_STATE_COLUMNS                                                \
    "hostname, instance, kind, target, port_or_arg, status, last_time, since, " \
    "last_notified, latency_ms, nagios_code, output, streak, recent, recent_count, flapping"
#define NIAM_ALERT_COLUMNS                                                               \
    "id, time, kind, hostname, instance, detail, subject, message, delivery, attempts, " \
    "sent_at, last_error"

constexpr std::string_view kInsertAlert =
    "INSERT INTO alerts (time, kind, hostname, instance, detail, subject, message, delivery, "
    "attempts, sent_at, last_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kDeleteHost = "DELETE FROM hosts WHERE hostname = ? AND instance = ?";
constexpr std::string_view kDeleteRegistration =
    "DELETE FROM service_registrations WHERE hostname = ? AND instance = ?";
constexpr std::string_view kInsertRegistration =
    "INSERT INTO service_registrations (hostname, instance, digest, registered_at, body) VALUES (?, ?, ?, ?, ?)";
constexpr std::string_view kSelectRegistrations =
    "SELECT hostname, instance, digest, registered_at, body FROM service_registrations ORDER BY hostname, instance";
constexpr std::string_view kDeleteSilence = "DELETE FROM silences WHERE id = ?";
constexpr std::string_view kInsertSilence =
    "INSERT INTO silences (id, host, check_name, starts, ends, comment, author, created) VALUES (?, ?, ?, ?, ?, ?, ?, "
    "?)";
constexpr std::string_view kDeleteEndedSilences = "DELETE FROM silences WHERE ends <= ?";
constexpr std::string_view kSelectSilences =
    "SELECT id, host, check_name, starts, ends, comment, author, created FROM silences WHERE ends > ? "
    "ORDER BY id LIMIT ?";
constexpr std::string_view kDeleteCheckState =
    "DELETE FROM check_states WHERE hostname = ? AND instance = ? AND kind = ? AND target = ? AND port_or_arg = ?";
constexpr std::string_view kDeleteHostChecks = "DELETE FROM check_states WHERE hostname = ? AND instance = ?";
constexpr std::string_view kSelectHosts =
    "SELECT " NIAM_HOST_COLUMNS " FROM hosts WHERE status <> 'PURGED' ORDER BY hostname, instance";
constexpr std::string_view kSelectCheckStates =
    "SELECT " NIAM_CHECK_STATE_COLUMNS " FROM check_states ORDER BY hostname, instance, kind, target, port_or_arg";
constexpr std::string_view kSelectPendingAlerts =
    "SELECT " NIAM_ALERT_COLUMNS " FROM alerts WHERE delivery = 'pending' ORDER BY time, id";
constexpr std::string_view kSelectAlertsSince =
    "SELECT " NIAM_ALERT_COLUMNS " FROM alerts WHERE time >= ? ORDER BY time DESC, id DESC LIMIT ?";
constexpr std::string_view kSelectMessageIds =
    "SELECT message_id FROM message_ids WHERE applied_at >= ? ORDER BY applied_at DESC, message_id DESC LIMIT ?";
constexpr std::string_view kSelectHeartbeats =
    "SELECT hostname, instance, time FROM heartbeats WHERE hostname = ? AND instance = ? "
    "AND time >= ? ORDER BY time DESC LIMIT ?";
constexpr std::string_view kMarkSent =
    "UPDATE alerts SET delivery = 'sent', sent_at = ?, attempts = attempts + 1, last_error = '' "
    "WHERE id = ?";
constexpr std::string_view kSelectSeriesPage = "SELECT id FROM metric_series WHERE id > ? ORDER BY id LIMIT ?";
constexpr std::string_view kPruneSeriesSamples = "DELETE FROM metric_samples WHERE series_id = ? AND time < ?";
constexpr std::string_view kPruneSeriesRollups = "DELETE FROM metric_rollups WHERE series_id = ? AND bucket < ?";
constexpr std::string_view kPruneSeriesStagedSamples =
    "DELETE FROM metric_samples_staging WHERE series_id = ? AND time < ?";
constexpr std::string_view kPruneSeriesStagedRollups =
    "DELETE FROM metric_rollup_staging WHERE series_id = ? AND bucket < ?";
// The series row's last_time/last_value are written once per rollup bucket (metric_writer.hpp):
// the newest raw sample, when there is one, is the latest value — in metric_samples or, newer,
// still in the staging.
constexpr std::string_view kSelectHostSeries =
    "SELECT s.name, s.tags, s.unit, s.created, s.last_time, s.last_value, "
    "(SELECT m.time FROM metric_samples m WHERE m.series_id = s.id ORDER BY m.time DESC LIMIT 1), "
    "(SELECT m.value FROM metric_samples m WHERE m.series_id = s.id ORDER BY m.time DESC LIMIT 1), "
    "(SELECT t.time FROM metric_samples_staging t WHERE t.series_id = s.id ORDER BY t.time DESC LIMIT 1), "
    "(SELECT t.value FROM metric_samples_staging t WHERE t.series_id = s.id ORDER BY t.time DESC LIMIT 1) "
    "FROM metric_series s WHERE s.hostname = ? AND s.instance = ? ORDER BY s.name, s.tags LIMIT ?";
constexpr std::string_view kSelectOneSeries =
    "SELECT id, unit FROM metric_series WHERE hostname = ? AND instance = ? AND name = ? AND tags = ?";
// A sample is in metric_samples or in its staging, never both.
constexpr std::string_view kSelectRawPoints =
    "SELECT time, value FROM ("
    "SELECT time, value FROM metric_samples WHERE series_id = ? AND time >= ? AND time <= ? UNION ALL "
    "SELECT time, value FROM metric_samples_staging WHERE series_id = ? AND time >= ? AND time <= ?) AS s "
    "ORDER BY time LIMIT ?";
constexpr std::string_view kMarkFailed = "UPDATE alerts SET attempts = ?, last_error = ? WHERE id = ?";

#undef NIAM_HOST_COLUMNS
#undef NIAM_CHECK_STATE_COLUMNS
#undef NIAM_ALERT_COLUMNS

using Params = std::initializer_list<SqlParam>;

std::span<const SqlParam> span_of(Params params) { return {params.begin(), params.size()}; }

std::int64_t limit_param(std::size_t limit) {
    constexpr auto kMax = static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max());
    return static_cast<std::int64_t>(std::min(limit, kMax));
}

awsrest::Error bad_value(const std::string& source, std::string_view table, std::string_view column,
                         const std::string& value) {
    return awsrest::make_error(awsrest::ErrorKind::Parse,
                               source + ": " + std::string(table) + "." + std::string(column) + " holds '" +
                                   std::string(clip_utf8(value, 64)) + "', which this niamd does not know");
}

awsrest::Result<protocol::RecordKind> kind_of(const std::string& source, std::string_view table,
                                              const std::string& text) {
    auto kind = protocol::kind_from_wire(text);
    if (!kind || *kind == protocol::RecordKind::Ping) return bad_value(source, table, "kind", text);
    return *kind;
}

awsrest::Result<HostRow> host_from(const std::string& source, SqlRow& row) {
    HostRow host;
    host.key.hostname = std::move(row).text(0);
    host.key.instance = std::move(row).text(1);
    const std::string status = row.text(2);
    auto parsed = host_status_from_string(status);
    if (!parsed) return bad_value(source, "hosts", "status", status);
    host.status = *parsed;
    host.first_seen = row.integer(3);
    host.last_ping = row.integer(4);
    host.status_since = row.integer(5);
    host.detail = std::move(row).text(6);
    return host;
}

// Columns 0-4 of a check_states or check_results row: hostname, instance, kind, target,
// port_or_arg.
awsrest::Result<CheckKey> check_key_from(const std::string& source, const char* table, SqlRow& row) {
    CheckKey key;
    key.host.hostname = std::move(row).text(0);
    key.host.instance = std::move(row).text(1);
    auto kind = kind_of(source, table, row.text(2));
    if (!kind) return std::move(kind).error();
    key.kind = *kind;
    key.target = std::move(row).text(3);
    key.port_or_arg = std::move(row).text(4);
    return key;
}

awsrest::Result<CheckStateRow> check_state_from(const std::string& source, SqlRow& row) {
    CheckStateRow state;
    auto key = check_key_from(source, "check_states", row);
    if (!key) return std::move(key).error();
    state.check = std::move(key).value();
    state.status = static_cast<int>(row.integer(5));
    state.last_time = row.integer(6);
    state.since = row.integer(7);
    state.last_notified = row.integer(8);
    state.latency_ms = row.optional_int(9);
    state.nagios_code = row.optional_int(10);
    state.output = std::move(row).text(11);
    state.streak = static_cast<int>(row.integer(12));
    state.recent = row.integer(13);
    state.recent_count = static_cast<int>(row.integer(14));
    state.flapping = row.integer(15) != 0;
    return state;
}

awsrest::Result<AlertRow> alert_from(const std::string& source, SqlRow& row) {
    AlertRow alert;
    alert.id = row.integer(0);
    alert.time = row.integer(1);
    const std::string kind = row.text(2);
    auto parsed_kind = alert_kind_from_string(kind);
    if (!parsed_kind) return bad_value(source, "alerts", "kind", kind);
    alert.kind = *parsed_kind;
    alert.host.hostname = std::move(row).text(3);
    alert.host.instance = std::move(row).text(4);
    alert.detail = std::move(row).text(5);
    alert.subject = std::move(row).text(6);
    alert.message = std::move(row).text(7);
    const std::string delivery = row.text(8);
    auto parsed_delivery = delivery_from_string(delivery);
    if (!parsed_delivery) return bad_value(source, "alerts", "delivery", delivery);
    alert.delivery = *parsed_delivery;
    alert.attempts = static_cast<int>(row.integer(9));
    alert.sent_at = row.integer(10);
    alert.last_error = std::move(row).text(11);
    return alert;
}

awsrest::Result<CheckResultRow> result_from(const std::string& source, SqlRow& row) {
    CheckResultRow result;
    auto key = check_key_from(source, "check_results", row);
    if (!key) return std::move(key).error();
    result.check = std::move(key).value();
    result.time = row.integer(5);
    result.status = static_cast<int>(row.integer(6));
    result.latency_ms = row.optional_int(7);
    result.nagios_code = row.optional_int(8);
    result.output = std::move(row).text(9);
    return result;
}

// Converts every row, stopping at the first that does not convert.
template <class T, class Convert>
awsrest::Result<std::vector<T>> convert_rows(const std::string& source, std::vector<SqlRow>& rows, Convert convert) {
    std::vector<T> out;
    out.reserve(rows.size());
    for (SqlRow& row : rows) {
        auto converted = convert(source, row);
        if (!converted) return std::move(converted).error();
        out.push_back(std::move(converted).value());
    }
    return out;
}

awsrest::Result<void> affected_one(const std::string& source, awsrest::Result<SqlOutcome> outcome, std::int64_t id) {
    if (!outcome) return std::move(outcome).error();
    if (outcome->affected_rows == 0) {
        return awsrest::make_error(awsrest::ErrorKind::InvalidArgument,
                                   source + ": no alert with id " + std::to_string(id));
    }
    return {};
}

}  // namespace

SqlStore::SqlStore(std::unique_ptr<SqlConnection> connection, const SqlDialect& dialect, const awsrest::Clock& clock,
                   int schema_version)
    : connection_(std::move(connection)),
      dialect_(dialect),
      clock_(clock),
      schema_version_(schema_version),
      metrics_(dialect),
      logs_(dialect) {}

awsrest::Result<std::unique_ptr<SqlStore>> SqlStore::open(std::unique_ptr<SqlConnection> connection,
                                                          const SqlDialect& dialect, const awsrest::Clock& clock) {
    auto version = migrate_schema(*connection, dialect);
    if (!version) return std::move(version).error();
    return std::unique_ptr<SqlStore>(new SqlStore(std::move(connection), dialect, clock, *version));
}

template <class Operation>
auto SqlStore::run(std::string_view what, Operation&& operation) {
    std::lock_guard lock(mutex_);
    using ResultType = decltype(operation(std::declval<bool&>()));
    if (connection_->lost()) {
        if (auto again = connection_->reconnect(); !again) return ResultType(std::move(again).error());
        log::warning(connection_->source() + ": reconnected after the connection was lost");
    }
    bool may_retry = true;
    ResultType result = operation(may_retry);
    if (result.ok() || !connection_->lost() || !may_retry) return result;

    auto again = connection_->reconnect();
    if (!again) {
        awsrest::Error error = std::move(result).error();
        error.message += "; reconnecting failed: " + again.error().message;
        return ResultType(std::move(error));
    }
    log::warning(connection_->source() + ": connection lost during " + std::string(what) +
                 "; reconnected and retrying once");
    bool ignored = false;
    return operation(ignored);
}

awsrest::Result<void> SqlStore::write_rows(const Batch& batch, std::vector<std::int64_t>& alert_ids,
                                           SampleOutcome& samples) {
    SqlConnection& db = *connection_;
    auto exec = [&db](std::string_view sql, Params params) { return db.execute(sql, span_of(params)); };
    const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch()).count();

    for (const std::string& id : batch.message_ids) {
        if (auto done = exec(dialect_.insert_message_id, {std::string_view(id), now}); !done) {
            return std::move(done).error();
        }
    }
    for (const HeartbeatRow& beat : batch.heartbeats) {
        if (auto done = exec(dialect_.insert_heartbeat,
                             {std::string_view(beat.host.hostname), std::string_view(beat.host.instance), beat.time});
            !done) {
            return std::move(done).error();
        }
    }
    for (const CheckResultRow& result : batch.results) {
        const CheckKey& check = result.check;
        if (auto done = exec(
                dialect_.insert_result,
                {std::string_view(check.host.hostname), std::string_view(check.host.instance),
                 protocol::to_string(check.kind), std::string_view(check.target), std::string_view(check.port_or_arg),
                 result.time, std::int64_t{result.status}, optional_param(result.latency_ms),
                 optional_param(result.nagios_code), std::string_view(result.output)});
            !done) {
            return std::move(done).error();
        }
    }
    if (!batch.samples.empty()) {
        if (auto done = metrics_.write(db, batch.samples, now, samples); !done) return done;
    }
    if (auto done = write_inventories(db, dialect_, batch.inventories); !done) return done;
    if (auto done = logs_.write(db, batch.log_lines, batch.events, log_outcome_); !done) return done;
    for (const HostRow& host : batch.hosts) {
        if (auto done =
                exec(dialect_.upsert_host,
                     {std::string_view(host.key.hostname), std::string_view(host.key.instance), to_string(host.status),
                      host.first_seen, host.last_ping, host.status_since, std::string_view(host.detail)});
            !done) {
            return std::move(done).error();
        }
    }
    for (const CheckStateRow& state : batch.check_states) {
        const CheckKey& check = state.check;
        if (auto done =
                exec(dialect_.upsert_check_state,
                     {std::string_view(check.host.hostname), std::string_view(check.host.instance),
                      protocol::to_string(check.kind), std::string_view(check.target),
                      std::string_view(check.port_or_arg), std::int64_t{state.status}, state.last_time, state.since,
                      state.last_notified, optional_param(state.latency_ms), optional_param(state.nagios_code),
                      std::string_view(state.output), std::int64_t{state.streak}, state.recent,
                      std::int64_t{state.recent_count}, std::int64_t{state.flapping ? 1 : 0}});
            !done) {
            return std::move(done).error();
        }
    }
    for (const ServiceRegistrationRow& row : batch.registrations) {
        const Params key{std::string_view(row.host.hostname), std::string_view(row.host.instance)};
        if (auto done = db.execute(kDeleteRegistration, span_of(key)); !done) return std::move(done).error();
        const Params values{std::string_view(row.host.hostname), std::string_view(row.host.instance),
                            std::string_view(row.digest), row.registered_at, std::string_view(row.text)};
        if (auto done = db.execute(kInsertRegistration, span_of(values)); !done) return std::move(done).error();
    }
    for (const SilenceRow& row : batch.silences) {
        const Params id{row.id};
        if (auto done = db.execute(kDeleteSilence, span_of(id)); !done) return std::move(done).error();
        const Params values{row.id,   std::string_view(row.host),    std::string_view(row.check),  row.starts,
                            row.ends, std::string_view(row.comment), std::string_view(row.author), row.created};
        if (auto done = db.execute(kInsertSilence, span_of(values)); !done) return std::move(done).error();
    }
    for (const std::int64_t silence : batch.forgotten_silences) {
        const Params id{silence};
        if (auto done = db.execute(kDeleteSilence, span_of(id)); !done) return std::move(done).error();
    }
    for (const CheckKey& check : batch.forgotten_checks) {
        const Params key{std::string_view(check.host.hostname), std::string_view(check.host.instance),
                         protocol::to_string(check.kind), std::string_view(check.target),
                         std::string_view(check.port_or_arg)};
        if (auto done = db.execute(kDeleteCheckState, span_of(key)); !done) return std::move(done).error();
    }
    for (const HostKey& host : batch.forgotten_hosts) {
        const Params key{std::string_view(host.hostname), std::string_view(host.instance)};
        if (auto done = db.execute(kDeleteHost, span_of(key)); !done) return std::move(done).error();
        if (auto done = db.execute(kDeleteHostChecks, span_of(key)); !done) {
            return std::move(done).error();
        }
        if (auto done = forget_inventory(db, host); !done) return done;
        if (auto done = db.execute(kDeleteRegistration, span_of(key)); !done) return std::move(done).error();
    }
    for (const AlertRow& alert : batch.alerts) {
        auto done = exec(kInsertAlert,
                         {alert.time, to_string(alert.kind), std::string_view(alert.host.hostname),
                          std::string_view(alert.host.instance), std::string_view(alert.detail),
                          std::string_view(alert.subject), std::string_view(alert.message), to_string(alert.delivery),
                          std::int64_t{alert.attempts}, alert.sent_at, std::string_view(alert.last_error)});
        if (!done) return std::move(done).error();
        alert_ids.push_back(done->last_insert_id);
    }
    return {};
}

awsrest::Result<void> SqlStore::write(const Batch& batch, std::vector<std::int64_t>& alert_ids, SampleOutcome& samples,
                                      bool& may_retry) {
    alert_ids.clear();
    log_outcome_ = {};
    if (auto begun = connection_->begin(); !begun) return std::move(begun).error();
    auto written = check_fence();
    if (written) written = write_rows(batch, alert_ids, samples);
    if (!written) {
        connection_->rollback();
        metrics_.rolled_back();
        return written;
    }
    // Once COMMIT is on its way, a lost connection leaves the outcome unknown: no retry.
    may_retry = false;
    if (auto committed = connection_->commit(); !committed) {
        awsrest::Error error = std::move(committed).error();
        if (connection_->lost()) {
            error.message += " (the connection was lost during COMMIT: the batch may or may not be stored)";
        } else {
            connection_->rollback();
        }
        metrics_.rolled_back();
        return error;
    }
    metrics_.committed();
    return {};
}

awsrest::Result<void> SqlStore::commit(Batch& batch) {
    if (batch.empty()) return {};
    if (auto bounded = check_bounds(batch); !bounded) {
        awsrest::Error error = std::move(bounded).error();
        error.message = connection_->source() + ": " + error.message;
        return error;
    }
    std::vector<std::int64_t> alert_ids;
    alert_ids.reserve(batch.alerts.size());
    SampleOutcome samples;
    auto written = run("commit", [&](bool& may_retry) { return write(batch, alert_ids, samples, may_retry); });
    if (!written) return written;
    batch.sample_outcome = samples;
    batch.log_outcome = log_outcome_;
    for (std::size_t i = 0; i < batch.alerts.size() && i < alert_ids.size(); ++i) {
        batch.alerts[i].id = alert_ids[i];
    }
    return {};
}

awsrest::Result<std::vector<HostRow>> SqlStore::load_hosts() {
    return run("load_hosts", [&](bool&) -> awsrest::Result<std::vector<HostRow>> {
        auto rows = connection_->query(kSelectHosts, {});
        if (!rows) return std::move(rows).error();
        return convert_rows<HostRow>(connection_->source(), *rows, host_from);
    });
}

awsrest::Result<std::vector<ServiceRegistrationRow>> SqlStore::load_service_registrations() {
    return run("load_service_registrations", [&](bool&) -> awsrest::Result<std::vector<ServiceRegistrationRow>> {
        auto rows = connection_->query(kSelectRegistrations, {});
        if (!rows) return std::move(rows).error();
        std::vector<ServiceRegistrationRow> out;
        out.reserve(rows->size());
        for (auto& row : *rows) {
            ServiceRegistrationRow r;
            r.host.hostname = row.text(0);
            r.host.instance = row.text(1);
            r.digest = row.text(2);
            r.registered_at = row.integer(3);
            r.text = row.text(4);
            out.push_back(std::move(r));
        }
        return out;
    });
}

awsrest::Result<std::vector<SilenceRow>> SqlStore::load_silences(std::int64_t now) {
    return run("load_silences", [&](bool&) -> awsrest::Result<std::vector<SilenceRow>> {
        const std::array<SqlParam, 1> ended{now};
        if (auto done = connection_->execute(kDeleteEndedSilences, ended); !done) return std::move(done).error();
        const std::array<SqlParam, 2> params{now, static_cast<std::int64_t>(kMaxStoredSilences)};
        auto rows = connection_->query(kSelectSilences, params);
        if (!rows) return std::move(rows).error();
        std::vector<SilenceRow> out;
        out.reserve(rows->size());
        for (auto& row : *rows) {
            SilenceRow r;
            r.id = row.integer(0);
            r.host = row.text(1);
            r.check = row.text(2);
            r.starts = row.integer(3);
            r.ends = row.integer(4);
            r.comment = row.text(5);
            r.author = row.text(6);
            r.created = row.integer(7);
            out.push_back(std::move(r));
        }
        return out;
    });
}

awsrest::Result<std::vector<CheckStateRow>> SqlStore::load_check_states() {
    return run("load_check_states", [&](bool&) -> awsrest::Result<std::vector<CheckStateRow>> {
        auto rows = connection_->query(kSelectCheckStates, {});
        if (!rows) return std::move(rows).error();
        return convert_rows<CheckStateRow>(connection_->source(), *rows, check_state_from);
    });
}

awsrest::Result<std::vector<AlertRow>> SqlStore::read_alerts(std::string_view sql, std::span<const SqlParam> params) {
    auto rows = connection_->query(sql, params);
    if (!rows) return std::move(rows).error();
    return convert_rows<AlertRow>(connection_->source(), *rows, alert_from);
}

awsrest::Result<std::vector<AlertRow>> SqlStore::load_pending_alerts() {
    return run("load_pending_alerts", [&](bool&) { return read_alerts(kSelectPendingAlerts, {}); });
}

awsrest::Result<std::vector<std::string>> SqlStore::load_message_ids(std::int64_t since, std::size_t limit) {
    return run("load_message_ids", [&](bool&) -> awsrest::Result<std::vector<std::string>> {
        auto rows = connection_->query(kSelectMessageIds, span_of({since, limit_param(limit)}));
        if (!rows) return std::move(rows).error();
        std::vector<std::string> ids;
        ids.reserve(rows->size());
        for (SqlRow& row : *rows) ids.push_back(std::move(row).text(0));
        std::reverse(ids.begin(), ids.end());
        return ids;
    });
}

awsrest::Result<void> SqlStore::fence_writes(WriterFence fence) {
    if (dialect_.lock_lease.empty()) {
        return awsrest::make_error(awsrest::ErrorKind::InvalidArgument,
                                   connection_->source() + ": " + std::string(dialect_.name) +
                                       " has no leader lease; two masters on one store need MariaDB");
    }
    std::lock_guard lock(mutex_);
    fence_ = std::move(fence);
    return {};
}

awsrest::Result<void> SqlStore::check_fence() {
    if (!fence_) return {};
    auto rows = connection_->query(dialect_.lock_lease, span_of({std::string_view(fence_->lease)}));
    if (!rows) return std::move(rows).error();
    if (!rows->empty() && rows->front().text(0) == fence_->holder && rows->front().integer(1) == fence_->epoch) {
        return {};
    }
    const std::string now_held =
        rows->empty() ? std::string("nobody")
                      : rows->front().text(0) + " (epoch " + std::to_string(rows->front().integer(1)) + ")";
    awsrest::Error error = awsrest::make_error(
        awsrest::ErrorKind::InvalidArgument,
        connection_->source() + ": the leader lease '" + fence_->lease + "' is no longer this master's (epoch " +
            std::to_string(fence_->epoch) + "; now " + now_held + "): nothing written");
    error.code = std::string(kLeaseLostCode);
    return error;
}

awsrest::Result<void> SqlStore::fenced_update(std::string_view sql, std::span<const SqlParam> params, std::int64_t id) {
    if (!fence_) return affected_one(connection_->source(), connection_->execute(sql, params), id);
    if (auto begun = connection_->begin(); !begun) return std::move(begun).error();
    auto done = check_fence();
    if (done) done = affected_one(connection_->source(), connection_->execute(sql, params), id);
    if (!done) {
        connection_->rollback();
        return done;
    }
    if (auto committed = connection_->commit(); !committed) {
        if (!connection_->lost()) connection_->rollback();
        return std::move(committed).error();
    }
    return {};
}

awsrest::Result<void> SqlStore::mark_alert_sent(std::int64_t id, std::int64_t when) {
    return run("mark_alert_sent", [&](bool&) { return fenced_update(kMarkSent, span_of({when, id}), id); });
}

awsrest::Result<void> SqlStore::mark_alert_failed(std::int64_t id, int attempts, std::string_view error) {
    const std::string_view clipped = clip_utf8(error, kMaxTextBytes);
    return run("mark_alert_failed", [&](bool&) {
        return fenced_update(kMarkFailed, span_of({std::int64_t{attempts}, clipped, id}), id);
    });
}

awsrest::Result<std::size_t> SqlStore::prune_per_series(std::int64_t before, bool rollups_too) {
    std::size_t removed = 0;
    std::int64_t after = 0;
    while (true) {
        // One page of series per call of run(), in one transaction (one sync, not one per series).
        auto page = run("prune", [&](bool&) -> awsrest::Result<std::size_t> {
            auto rows = connection_->query(kSelectSeriesPage, span_of({after, kPruneSeriesPage}));
            if (!rows) return std::move(rows).error();
            if (rows->empty()) return std::size_t{0};
            if (auto begun = connection_->begin(); !begun) return std::move(begun).error();
            for (const SqlRow& row : *rows) {
                const std::int64_t id = row.integer(0);
                for (std::string_view sql :
                     {kPruneSeriesSamples, kPruneSeriesStagedSamples, kPruneSeriesRollups, kPruneSeriesStagedRollups}) {
                    if ((sql == kPruneSeriesRollups || sql == kPruneSeriesStagedRollups) && !rollups_too) continue;
                    auto done = connection_->execute(sql, span_of({id, before}));
                    if (!done) {
                        connection_->rollback();
                        return std::move(done).error();
                    }
                    removed += static_cast<std::size_t>(done->affected_rows);
                }
            }
            if (auto committed = connection_->commit(); !committed) {
                connection_->rollback();
                return std::move(committed).error();
            }
            after = rows->back().integer(0);
            return rows->size();
        });
        if (!page) return std::move(page).error();
        if (*page < static_cast<std::size_t>(kPruneSeriesPage)) break;
    }
    return removed;
}

awsrest::Result<std::size_t> SqlStore::prune_samples(std::int64_t before) { return prune_per_series(before, false); }

awsrest::Result<std::size_t> SqlStore::prune_logs(std::int64_t before) {
    std::size_t removed = 0;
    // Lines leave the index first, in the same transaction, when the store keeps it itself.
    const std::pair<std::string_view, std::string_view> statements[] = {
        {dialect_.prune_log_lines, dialect_.unindex_log_lines}, {dialect_.prune_events, ""}};
    for (const auto& statement : statements) {
        const std::string_view sql = statement.first;  // named: clang 14 lambdas cannot capture bindings
        const std::string_view unindex = statement.second;
        while (true) {  // one chunk per call of run(), as in prune()
            auto chunk = run("prune_logs", [&](bool&) -> awsrest::Result<SqlOutcome> {
                const SqlParam params[] = {before, kPruneChunkRows};
                if (unindex.empty()) return connection_->execute(sql, params);
                if (auto begun = connection_->begin(); !begun) return std::move(begun).error();
                auto unindexed = connection_->execute(unindex, params);
                auto done = unindexed ? connection_->execute(sql, params) : std::move(unindexed);
                if (done) {
                    if (auto committed = connection_->commit(); !committed) done = std::move(committed).error();
                }
                if (!done) connection_->rollback();
                return done;
            });
            if (!chunk) return std::move(chunk).error();
            removed += static_cast<std::size_t>(chunk->affected_rows);
            if (chunk->affected_rows < static_cast<std::uint64_t>(kPruneChunkRows)) break;
        }
    }
    return removed;
}

awsrest::Result<LogPage> SqlStore::log_lines(const LogQuery& query) {
    return run("log_lines", [&](bool&) { return read_log_page(*connection_, dialect_, query); });
}

awsrest::Result<std::vector<EventRow>> SqlStore::events(const EventQuery& query) {
    return run("events", [&](bool&) { return read_events(*connection_, query); });
}

awsrest::Result<std::size_t> SqlStore::prune(std::int64_t before) {
    // Samples and rollups first, so that a series deleted below leaves nothing behind.
    auto trimmed = prune_per_series(before, true);
    if (!trimmed) return std::move(trimmed).error();
    std::size_t removed = *trimmed;
    for (std::string_view sql :
         {dialect_.prune_heartbeats, dialect_.prune_results, dialect_.prune_sent_alerts, dialect_.prune_message_ids,
          dialect_.prune_metric_series, dialect_.prune_inventory_changes}) {
        // One chunk per call of run(): other calls (the master's commit) get the mutex and
        // the database between chunks.
        while (true) {
            auto chunk = run("prune", [&](bool&) {
                return connection_->execute(sql, span_of({before, kPruneChunkRows}));
            });
            if (!chunk) return std::move(chunk).error();
            removed += static_cast<std::size_t>(chunk->affected_rows);
            if (chunk->affected_rows < static_cast<std::uint64_t>(kPruneChunkRows)) break;
        }
    }
    return removed;
}

awsrest::Result<std::vector<AlertRow>> SqlStore::alerts_since(std::int64_t since, std::size_t limit) {
    auto alerts = run("alerts_since", [&](bool&) {
        return read_alerts(kSelectAlertsSince, span_of({since, limit_param(limit)}));
    });
    if (alerts) std::reverse(alerts->begin(), alerts->end());
    return alerts;
}

awsrest::Result<std::vector<HeartbeatRow>> SqlStore::heartbeats(const HostKey& host, std::int64_t since,
                                                                std::size_t limit) {
    return run("heartbeats", [&](bool&) -> awsrest::Result<std::vector<HeartbeatRow>> {
        auto rows = connection_->query(
            kSelectHeartbeats,
            span_of({std::string_view(host.hostname), std::string_view(host.instance), since, limit_param(limit)}));
        if (!rows) return std::move(rows).error();
        std::vector<HeartbeatRow> beats;
        beats.reserve(rows->size());
        for (auto row = rows->rbegin(); row != rows->rend(); ++row) {
            HeartbeatRow beat;
            beat.host.hostname = std::move(*row).text(0);
            beat.host.instance = std::move(*row).text(1);
            beat.time = row->integer(2);
            beats.push_back(std::move(beat));
        }
        return beats;
    });
}

awsrest::Result<std::vector<CheckResultRow>> SqlStore::check_history(const std::string& hostname,
                                                                     const std::string& check, std::int64_t since,
                                                                     std::size_t limit) {
    auto results = run("check_history", [&](bool&) -> awsrest::Result<std::vector<CheckResultRow>> {
        const std::string_view filter = check;
        auto rows = connection_->query(dialect_.check_history, span_of({std::string_view(hostname), since, filter,
                                                                        filter, filter, limit_param(limit)}));
        if (!rows) return std::move(rows).error();
        return convert_rows<CheckResultRow>(connection_->source(), *rows, result_from);
    });
    if (results) std::reverse(results->begin(), results->end());
    return results;
}

awsrest::Result<std::optional<StoredInventory>> SqlStore::inventory(const HostKey& host) {
    return run("inventory", [&](bool&) { return read_inventory(*connection_, host); });
}

awsrest::Result<std::vector<MetricSeriesRow>> SqlStore::metric_series(const HostKey& host) {
    return run("metric_series", [&](bool&) -> awsrest::Result<std::vector<MetricSeriesRow>> {
        auto rows = connection_->query(kSelectHostSeries,
                                       span_of({std::string_view(host.hostname), std::string_view(host.instance),
                                                limit_param(kMaxSeriesPerHost)}));
        if (!rows) return std::move(rows).error();
        std::vector<MetricSeriesRow> series;
        series.reserve(rows->size());
        for (SqlRow& row : *rows) {
            MetricSeriesRow one;
            one.name = std::move(row).text(0);
            one.tags = std::move(row).text(1);
            one.unit = std::move(row).text(2);
            one.created = row.integer(3);
            one.last_time = row.integer(4);
            one.last_value = row.real(5);
            for (const std::size_t column : {std::size_t{6}, std::size_t{8}}) {
                if (!std::holds_alternative<std::nullptr_t>(row.values.at(column)) &&
                    row.integer(column) >= one.last_time) {
                    one.last_time = row.integer(column);
                    one.last_value = row.real(column + 1);
                }
            }
            series.push_back(std::move(one));
        }
        return series;
    });
}

awsrest::Result<std::optional<MetricPoints>> SqlStore::read_points(const HostKey& host, std::string_view name,
                                                                   std::string_view tags, std::int64_t since,
                                                                   std::int64_t until, std::size_t max_points) {
    auto found = connection_->query(
        kSelectOneSeries, span_of({std::string_view(host.hostname), std::string_view(host.instance), name, tags}));
    if (!found) return std::move(found).error();
    if (found->empty()) return std::optional<MetricPoints>{};
    const std::int64_t id = found->front().integer(0);
    MetricPoints points;
    points.unit = std::move(found->front()).text(1);
    if (until < since) return std::optional<MetricPoints>(std::move(points));
    max_points = std::clamp<std::size_t>(max_points, 1, kMaxMetricPoints);
    const std::int64_t range = until - since + 1;  // seconds in [since, until]
    const auto slots = static_cast<std::int64_t>(max_points);

    std::int64_t origin = since;
    std::string_view grouped = dialect_.grouped_samples;
    if (range <= kMaxRawRangeSeconds) {
        auto raw = connection_->query(kSelectRawPoints, span_of({id, since, until, id, since, until, slots + 1}));
        if (!raw) return std::move(raw).error();
        if (raw->size() <= max_points) {
            points.times.reserve(raw->size());
            points.values.reserve(raw->size());
            for (const SqlRow& row : *raw) {
                points.times.push_back(row.integer(0));
                points.values.push_back(row.real(1));
            }
            return std::optional<MetricPoints>(std::move(points));
        }
        points.step = (range + slots - 1) / slots;
    } else {
        // Whole rollup buckets, as many per point as keep the points within max_points.
        origin = rollup_bucket(since);
        const std::int64_t buckets = (until - origin) / kRollupSeconds + 1;
        points.step = std::max<std::int64_t>(1, (buckets + slots - 1) / slots) * kRollupSeconds;
        points.rolled_up = true;
        grouped = dialect_.grouped_rollups;
    }
    auto rows = connection_->query(grouped, span_of({id, origin, until, id, origin, until, origin, points.step}));
    if (!rows) return std::move(rows).error();
    for (const SqlRow& row : *rows) {
        const std::int64_t count = row.integer(4);
        if (count <= 0) continue;
        points.times.push_back(origin + (row.integer(0) - origin) / points.step * points.step);
        points.values.push_back(row.real(1) / static_cast<double>(count));
        points.mins.push_back(row.real(2));
        points.maxs.push_back(row.real(3));
    }
    return std::optional<MetricPoints>(std::move(points));
}

awsrest::Result<std::optional<MetricPoints>> SqlStore::metric_points(const HostKey& host, std::string_view name,
                                                                     std::string_view tags, std::int64_t since,
                                                                     std::int64_t until, std::size_t max_points) {
    return run("metric_points", [&](bool&) { return read_points(host, name, tags, since, until, max_points); });
}

}  // namespace niamd::store
