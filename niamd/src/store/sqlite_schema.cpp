// The SQLite schema and statements. Text columns compare bytewise (BINARY collation), so
// "Web" and "web" are two hosts, as they are on MariaDB (binary columns there).
#include "store/sql_dialect.hpp"

namespace niamd::store {

namespace {

const Migration kInitialSchema{
    1,
    "hosts, heartbeats, check results, check states, alerts, message ids",
    {
        R"(CREATE TABLE IF NOT EXISTS hosts (
             hostname TEXT NOT NULL,
             instance TEXT NOT NULL,
             status TEXT NOT NULL,
             first_seen INTEGER NOT NULL,
             last_ping INTEGER NOT NULL,
             status_since INTEGER NOT NULL,
             detail TEXT NOT NULL,
             PRIMARY KEY (hostname, instance)) WITHOUT ROWID)",
        R"(CREATE TABLE IF NOT EXISTS heartbeats (
             hostname TEXT NOT NULL,
             instance TEXT NOT NULL,
             time INTEGER NOT NULL,
             UNIQUE (hostname, instance, time)))",
        "CREATE INDEX IF NOT EXISTS heartbeats_time ON heartbeats (time)",
        R"(CREATE TABLE IF NOT EXISTS check_results (
             hostname TEXT NOT NULL,
             instance TEXT NOT NULL,
             kind TEXT NOT NULL,
             target TEXT NOT NULL,
             port_or_arg TEXT NOT NULL,
             time INTEGER NOT NULL,
             status INTEGER NOT NULL,
             latency_ms INTEGER,
             nagios_code INTEGER,
             output TEXT NOT NULL,
             UNIQUE (hostname, instance, kind, target, port_or_arg, time)))",
        "CREATE INDEX IF NOT EXISTS check_results_time ON check_results (time)",
        "CREATE INDEX IF NOT EXISTS check_results_host_time ON check_results (hostname, time)",
        R"(CREATE TABLE IF NOT EXISTS check_states (
             hostname TEXT NOT NULL,
             instance TEXT NOT NULL,
             kind TEXT NOT NULL,
             target TEXT NOT NULL,
             port_or_arg TEXT NOT NULL,
             status INTEGER NOT NULL,
             last_time INTEGER NOT NULL,
             since INTEGER NOT NULL,
             last_notified INTEGER NOT NULL,
             latency_ms INTEGER,
             nagios_code INTEGER,
             output TEXT NOT NULL,
             PRIMARY KEY (hostname, instance, kind, target, port_or_arg)) WITHOUT ROWID)",
        // AUTOINCREMENT: an id is never handed out twice, even after old alerts are pruned.
        R"(CREATE TABLE IF NOT EXISTS alerts (
             id INTEGER PRIMARY KEY AUTOINCREMENT,
             time INTEGER NOT NULL,
             kind TEXT NOT NULL,
             hostname TEXT NOT NULL,
             instance TEXT NOT NULL,
             detail TEXT NOT NULL,
             subject TEXT NOT NULL,
             message TEXT NOT NULL,
             delivery TEXT NOT NULL,
             attempts INTEGER NOT NULL,
             sent_at INTEGER NOT NULL,
             last_error TEXT NOT NULL))",
        "CREATE INDEX IF NOT EXISTS alerts_delivery ON alerts (delivery, time, id)",
        "CREATE INDEX IF NOT EXISTS alerts_time ON alerts (time, id)",
        R"(CREATE TABLE IF NOT EXISTS message_ids (
             message_id TEXT NOT NULL PRIMARY KEY,
             applied_at INTEGER NOT NULL) WITHOUT ROWID)",
        "CREATE INDEX IF NOT EXISTS message_ids_applied_at ON message_ids (applied_at)",
    },
};

// AUTOINCREMENT: the id of a pruned series is never handed to another one (a process may
// still hold it in its cache). Samples and rollups are keyed by series first, so a series'
// range is one index range and retention prunes series by series (no index on time).
const Migration kMetrics{
    2,
    "metric series, samples and 5-minute rollups",
    {
        R"(CREATE TABLE IF NOT EXISTS metric_series (
             id INTEGER PRIMARY KEY AUTOINCREMENT,
             hostname TEXT NOT NULL,
             instance TEXT NOT NULL,
             name TEXT NOT NULL,
             tags TEXT NOT NULL,
             unit TEXT NOT NULL,
             created INTEGER NOT NULL,
             last_time INTEGER NOT NULL,
             last_value REAL NOT NULL,
             UNIQUE (hostname, instance, name, tags)))",
        "CREATE INDEX IF NOT EXISTS metric_series_last_time ON metric_series (last_time)",
        R"(CREATE TABLE IF NOT EXISTS metric_samples (
             series_id INTEGER NOT NULL,
             time INTEGER NOT NULL,
             value REAL NOT NULL,
             PRIMARY KEY (series_id, time)) WITHOUT ROWID)",
        R"(CREATE TABLE IF NOT EXISTS metric_rollups (
             series_id INTEGER NOT NULL,
             bucket INTEGER NOT NULL,
             min_value REAL NOT NULL,
             max_value REAL NOT NULL,
             sum_value REAL NOT NULL,
             samples INTEGER NOT NULL,
             PRIMARY KEY (series_id, bucket)) WITHOUT ROWID)",
    },
};

const Migration kInventories{
    3,
    "inventories and their change log",
    {
        R"(CREATE TABLE IF NOT EXISTS inventories (
             hostname TEXT NOT NULL,
             instance TEXT NOT NULL,
             time INTEGER NOT NULL,
             digest TEXT NOT NULL,
             body TEXT NOT NULL,
             PRIMARY KEY (hostname, instance)))",
        R"(CREATE TABLE IF NOT EXISTS inventory_changes (
             id INTEGER PRIMARY KEY AUTOINCREMENT,
             hostname TEXT NOT NULL,
             instance TEXT NOT NULL,
             time INTEGER NOT NULL,
             kind TEXT NOT NULL,
             name TEXT NOT NULL,
             old_value TEXT NOT NULL,
             new_value TEXT NOT NULL))",
        "CREATE INDEX IF NOT EXISTS inventory_changes_host ON inventory_changes (hostname, instance, id)",
        "CREATE INDEX IF NOT EXISTS inventory_changes_time ON inventory_changes (time)",
    },
};

// New samples and rollup partials land in small staging tables first and move into
// metric_samples / metric_rollups many per series at once (metric_writer.hpp, docs/store.md):
// a round then dirties the pages of the staging, not a leaf page per series of the big tables.
const Migration kMetricStaging{
    4,
    "staging tables for new metric samples and rollups",
    {
        R"(CREATE TABLE IF NOT EXISTS metric_samples_staging (
             series_id INTEGER NOT NULL,
             time INTEGER NOT NULL,
             value REAL NOT NULL,
             PRIMARY KEY (series_id, time)) WITHOUT ROWID)",
        R"(CREATE TABLE IF NOT EXISTS metric_rollup_staging (
             series_id INTEGER NOT NULL,
             bucket INTEGER NOT NULL,
             min_value REAL NOT NULL,
             max_value REAL NOT NULL,
             sum_value REAL NOT NULL,
             samples INTEGER NOT NULL,
             PRIMARY KEY (series_id, bucket)) WITHOUT ROWID)",
    },
};

const Migration kServiceRegistrations{
    5,
    "services registered by each host (monitoring-info)",
    {
        R"(CREATE TABLE IF NOT EXISTS service_registrations (
             hostname TEXT NOT NULL,
             instance TEXT NOT NULL,
             digest TEXT NOT NULL,
             registered_at INTEGER NOT NULL,
             body TEXT NOT NULL,
             PRIMARY KEY (hostname, instance)))",
    },
};

// Noise control (retries, recover, flapping) keeps its counters with the check's state.
const Migration kCheckNoise{
    6,
    "noise control columns of check_states (retries, recover, flapping)",
    {
        "ALTER TABLE check_states ADD COLUMN streak INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE check_states ADD COLUMN recent INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE check_states ADD COLUMN recent_count INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE check_states ADD COLUMN flapping INTEGER NOT NULL DEFAULT 0",
    },
};

// Log lines and events (docs/logs.md). log_lines_fts is an FTS5 index over log_lines.line
// and the line's host (external content through a view: the text is stored once), kept in
// step in the transaction of the insert or delete (by triggers until migration 8, since then by
// LogWriter and the pruner). A line or event stored already is ignored.
const Migration kLogLines{
    7,
    "log lines with their full-text index, and events",
    {
        R"(CREATE TABLE IF NOT EXISTS log_lines (
             id INTEGER PRIMARY KEY,
             hostname TEXT NOT NULL,
             instance TEXT NOT NULL,
             source TEXT NOT NULL,
             seq INTEGER NOT NULL,
             time INTEGER NOT NULL,
             stream TEXT NOT NULL,
             cut INTEGER NOT NULL,
             line TEXT NOT NULL,
             UNIQUE (hostname, instance, source, seq)))",
        "CREATE INDEX IF NOT EXISTS log_lines_host_time ON log_lines (hostname, instance, time)",
        "CREATE INDEX IF NOT EXISTS log_lines_time ON log_lines (time)",
        // The index's `host` column is one token naming the line's host (h, hex of the hostname,
        // x, hex of the instance), so a search of one host's lines is an AND in the index
        // rather than a look-up of every line of every host that holds the words.
        "CREATE VIEW IF NOT EXISTS log_lines_fts_content AS SELECT id, line, "
        "'h' || hex(hostname) || 'x' || hex(instance) AS host FROM log_lines",
        "CREATE VIRTUAL TABLE IF NOT EXISTS log_lines_fts USING fts5("
        "line, host, content='log_lines_fts_content', content_rowid='id', tokenize='unicode61', columnsize=0)",
        "CREATE TRIGGER IF NOT EXISTS log_lines_fts_insert AFTER INSERT ON log_lines BEGIN "
        "INSERT INTO log_lines_fts (rowid, line, host) VALUES "
        "(new.id, new.line, 'h' || hex(new.hostname) || 'x' || hex(new.instance)); END",
        "CREATE TRIGGER IF NOT EXISTS log_lines_fts_delete AFTER DELETE ON log_lines BEGIN "
        "INSERT INTO log_lines_fts (log_lines_fts, rowid, line, host) VALUES "
        "('delete', old.id, old.line, 'h' || hex(old.hostname) || 'x' || hex(old.instance)); END",
        R"(CREATE TABLE IF NOT EXISTS events (
             id INTEGER PRIMARY KEY,
             hostname TEXT NOT NULL,
             instance TEXT NOT NULL,
             kind TEXT NOT NULL,
             event_id TEXT NOT NULL,
             time INTEGER NOT NULL,
             fields TEXT NOT NULL,
             raw TEXT NOT NULL,
             UNIQUE (hostname, instance, event_id)))",
        "CREATE INDEX IF NOT EXISTS events_host_time ON events (hostname, instance, time)",
        "CREATE INDEX IF NOT EXISTS events_time ON events (time)",
    },
};

// The full-text index is written by LogWriter and the pruner rather than by row triggers:
// FTS5 (SQLite 3.40) writes its pending terms out as a new segment at the end of every
// statement a trigger runs, i.e. once per line, which made an insert of a batch merge segments
// all the time (~4x slower). One INSERT ... SELECT per batch writes them once.
const Migration kLogIndexByBatch{
    8,
    "log lines indexed by batch, not by row triggers",
    {
        "DROP TRIGGER IF EXISTS log_lines_fts_insert",
        "DROP TRIGGER IF EXISTS log_lines_fts_delete",
    },
};

// Silences (docs/silences.md): written by the master from its SilenceBook, ids its own.
const Migration kSilences{
    9,
    "silences",
    {
        R"(CREATE TABLE IF NOT EXISTS silences (
             id INTEGER PRIMARY KEY,
             host TEXT NOT NULL,
             check_name TEXT NOT NULL,
             starts INTEGER NOT NULL,
             ends INTEGER NOT NULL,
             comment TEXT NOT NULL,
             author TEXT NOT NULL,
             created INTEGER NOT NULL))",
    },
};

SqlDialect make_sqlite_dialect() {
    SqlDialect d;
    d.name = "SQLite";
    d.create_schema_version = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)";
    d.migrations = {kInitialSchema, kMetrics,  kInventories,     kMetricStaging, kServiceRegistrations,
                    kCheckNoise,    kLogLines, kLogIndexByBatch, kSilences};
    d.insert_message_id =
        "INSERT INTO message_ids (message_id, applied_at) VALUES (?, ?) "
        "ON CONFLICT (message_id) DO NOTHING";
    d.insert_heartbeat =
        "INSERT INTO heartbeats (hostname, instance, time) VALUES (?, ?, ?) "
        "ON CONFLICT (hostname, instance, time) DO NOTHING";
    d.insert_result =
        "INSERT INTO check_results (hostname, instance, kind, target, port_or_arg, time, status, "
        "latency_ms, nagios_code, output) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (hostname, instance, kind, target, port_or_arg, time) DO NOTHING";
    d.upsert_host =
        "INSERT INTO hosts (hostname, instance, status, first_seen, last_ping, status_since, detail) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (hostname, instance) DO UPDATE SET "
        "status = excluded.status, first_seen = excluded.first_seen, last_ping = excluded.last_ping, "
        "status_since = excluded.status_since, detail = excluded.detail";
    d.upsert_check_state =
        "INSERT INTO check_states (hostname, instance, kind, target, port_or_arg, status, last_time, "
        "since, last_notified, latency_ms, nagios_code, output, streak, recent, recent_count, flapping) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (hostname, instance, kind, target, port_or_arg) DO UPDATE SET "
        "status = excluded.status, last_time = excluded.last_time, since = excluded.since, "
        "last_notified = excluded.last_notified, latency_ms = excluded.latency_ms, "
        "nagios_code = excluded.nagios_code, output = excluded.output, streak = excluded.streak, "
        "recent = excluded.recent, recent_count = excluded.recent_count, flapping = excluded.flapping";
    d.check_history =
        "SELECT hostname, instance, kind, target, port_or_arg, time, status, latency_ms, "
        "nagios_code, output FROM check_results WHERE hostname = ? AND time >= ? "
        "AND (? = '' OR target = ? OR target || ':' || port_or_arg = ?) "
        "ORDER BY time DESC, kind DESC, target DESC, port_or_arg DESC, instance DESC LIMIT ?";
    d.insert_samples = {"INSERT INTO metric_samples_staging (series_id, time, value) VALUES", 3, ""};
    d.insert_new_samples = {"INSERT INTO metric_samples_staging (series_id, time, value) VALUES", 3,
                            " ON CONFLICT (series_id, time) DO NOTHING RETURNING series_id, time"};
    d.upsert_rollups = {
        "INSERT INTO metric_rollup_staging (series_id, bucket, min_value, max_value, sum_value, samples) VALUES", 6,
        " ON CONFLICT (series_id, bucket) DO UPDATE SET "
        "min_value = MIN(min_value, excluded.min_value), max_value = MAX(max_value, excluded.max_value), "
        "sum_value = sum_value + excluded.sum_value, samples = samples + excluded.samples"};
    // WHERE true: SQLite needs it between a SELECT and ON CONFLICT. A staged sample is never
    // in metric_samples too (metric_writer.hpp); should one be (a second writer on the file),
    // the stored one stays.
    d.move_samples =
        "INSERT INTO metric_samples (series_id, time, value) SELECT series_id, time, value "
        "FROM metric_samples_staging WHERE true ORDER BY series_id, time ON CONFLICT (series_id, time) DO NOTHING";
    d.move_rollups =
        "INSERT INTO metric_rollups (series_id, bucket, min_value, max_value, sum_value, samples) "
        "SELECT series_id, bucket, min_value, max_value, sum_value, samples FROM metric_rollup_staging "
        "WHERE true ORDER BY series_id, bucket ON CONFLICT (series_id, bucket) DO UPDATE SET "
        "min_value = MIN(min_value, excluded.min_value), max_value = MAX(max_value, excluded.max_value), "
        "sum_value = sum_value + excluded.sum_value, samples = samples + excluded.samples";
    d.grouped_samples =
        "SELECT MIN(time), SUM(value), MIN(value), MAX(value), COUNT(*) FROM ("
        "SELECT time, value FROM metric_samples WHERE series_id = ? AND time >= ? AND time <= ? UNION ALL "
        "SELECT time, value FROM metric_samples_staging WHERE series_id = ? AND time >= ? AND time <= ?) AS s "
        "GROUP BY (time - ?) / ? ORDER BY 1";
    d.grouped_rollups =
        "SELECT MIN(bucket), SUM(sum_value), MIN(min_value), MAX(max_value), SUM(samples) FROM ("
        "SELECT bucket, sum_value, min_value, max_value, samples FROM metric_rollups "
        "WHERE series_id = ? AND bucket >= ? AND bucket <= ? UNION ALL "
        "SELECT bucket, sum_value, min_value, max_value, samples FROM metric_rollup_staging "
        "WHERE series_id = ? AND bucket >= ? AND bucket <= ?) AS r "
        "GROUP BY (bucket - ?) / ? ORDER BY 1";
    d.prune_heartbeats =
        "DELETE FROM heartbeats WHERE rowid IN "
        "(SELECT rowid FROM heartbeats WHERE time < ? LIMIT ?)";
    d.prune_results =
        "DELETE FROM check_results WHERE rowid IN "
        "(SELECT rowid FROM check_results WHERE time < ? LIMIT ?)";
    d.prune_sent_alerts =
        "DELETE FROM alerts WHERE id IN "
        "(SELECT id FROM alerts WHERE delivery IN ('sent', 'folded', 'suppressed') AND time < ? LIMIT ?)";
    d.prune_message_ids =
        "DELETE FROM message_ids WHERE message_id IN "
        "(SELECT message_id FROM message_ids WHERE applied_at < ? LIMIT ?)";
    d.prune_metric_series =
        "DELETE FROM metric_series WHERE id IN "
        "(SELECT id FROM metric_series WHERE last_time < ? LIMIT ?)";
    d.prune_inventory_changes =
        "DELETE FROM inventory_changes WHERE id IN "
        "(SELECT id FROM inventory_changes WHERE time < ? LIMIT ?)";
    d.upsert_inventory =
        "INSERT INTO inventories (hostname, instance, time, digest, body) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (hostname, instance) DO UPDATE SET time = excluded.time, digest = excluded.digest, "
        "body = excluded.body";
    d.insert_log_lines = {"INSERT INTO log_lines (hostname, instance, source, seq, time, stream, cut, line) VALUES", 8,
                          " ON CONFLICT (hostname, instance, source, seq) DO NOTHING"};
    d.insert_events = {"INSERT INTO events (hostname, instance, kind, event_id, time, fields, raw) VALUES", 7,
                       " ON CONFLICT (hostname, instance, event_id) DO NOTHING"};
    // The index is the outer loop (CROSS JOIN): the lines that hold the words, then those of the host.
    d.search_log_lines =
        "SELECT l.id, l.time, l.source, l.seq, l.stream, l.cut, l.line FROM log_lines_fts "
        "CROSS JOIN log_lines l ON l.id = log_lines_fts.rowid WHERE log_lines_fts MATCH ? "
        "AND l.hostname = ? AND l.instance = ? AND (? = '' OR l.source = ?) AND l.time >= ? AND l.time <= ? "
        "AND (l.time < ? OR (l.time = ? AND l.id < ?)) ORDER BY l.time DESC, l.id DESC LIMIT ?";
    d.index_log_lines =
        "INSERT INTO log_lines_fts (rowid, line, host) SELECT id, line, host FROM log_lines_fts_content "
        "WHERE id > ?";
    // The same rows twice in one transaction (ORDER BY id): out of the index, then out of the table.
    d.unindex_log_lines =
        "INSERT INTO log_lines_fts (log_lines_fts, rowid, line, host) SELECT 'delete', id, line, host "
        "FROM log_lines_fts_content WHERE id IN (SELECT id FROM log_lines WHERE time < ? ORDER BY id LIMIT ?)";
    d.prune_log_lines =
        "DELETE FROM log_lines WHERE id IN (SELECT id FROM log_lines WHERE time < ? ORDER BY id LIMIT ?)";
    d.prune_events = "DELETE FROM events WHERE id IN (SELECT id FROM events WHERE time < ? LIMIT ?)";
    return d;
}

}  // namespace

const SqlDialect& sqlite_dialect() {
    static const SqlDialect dialect = make_sqlite_dialect();
    return dialect;
}

}  // namespace niamd::store
