// The MariaDB schema and statements. Every text column is binary (VARBINARY/BLOB): bytes
// are stored verbatim and compared bytewise, with no case folding, no trailing-space
// padding and no refusal of bytes that are not UTF-8 — exactly as SQLite does. Keys that
// would exceed InnoDB's 3072-byte index limit (a check is five fields of up to 1024 bytes)
// are indexed through check_hash, a stored SHA-256 of the length-prefixed fields.
#include "store/sql_dialect.hpp"

namespace niamd::store {

namespace {

#define NIAM_CHECK_HASH                                                               \
    "check_hash BINARY(32) AS (UNHEX(SHA2(CONCAT(LENGTH(hostname), ':', hostname, "   \
    "LENGTH(instance), ':', instance, LENGTH(kind), ':', kind, LENGTH(target), ':', " \
    "target, LENGTH(port_or_arg), ':', port_or_arg), 256))) STORED"

#define NIAM_TABLE_OPTIONS " ENGINE=InnoDB ROW_FORMAT=DYNAMIC DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"

const Migration kInitialSchema{
    1,
    "hosts, heartbeats, check results, check states, alerts, message ids",
    {
        "CREATE TABLE IF NOT EXISTS hosts ("
        " hostname VARBINARY(1024) NOT NULL,"
        " instance VARBINARY(1024) NOT NULL,"
        " status VARBINARY(32) NOT NULL,"
        " first_seen BIGINT NOT NULL,"
        " last_ping BIGINT NOT NULL,"
        " status_since BIGINT NOT NULL,"
        " detail BLOB NOT NULL,"
        " PRIMARY KEY (hostname, instance))" NIAM_TABLE_OPTIONS,

        "CREATE TABLE IF NOT EXISTS heartbeats ("
        " id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,"
        " hostname VARBINARY(1024) NOT NULL,"
        " instance VARBINARY(1024) NOT NULL,"
        " time BIGINT NOT NULL,"
        " UNIQUE KEY heartbeats_host_time (hostname, instance, time),"
        " KEY heartbeats_time (time))" NIAM_TABLE_OPTIONS,

        "CREATE TABLE IF NOT EXISTS check_results ("
        " id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,"
        " hostname VARBINARY(1024) NOT NULL,"
        " instance VARBINARY(1024) NOT NULL,"
        " kind VARBINARY(32) NOT NULL,"
        " target VARBINARY(1024) NOT NULL,"
        " port_or_arg VARBINARY(1024) NOT NULL,"
        " time BIGINT NOT NULL,"
        " status INT NOT NULL,"
        " latency_ms INT NULL,"
        " nagios_code INT NULL,"
        " output MEDIUMBLOB NOT NULL,"
        " " NIAM_CHECK_HASH ","
        " UNIQUE KEY check_results_check_time (check_hash, time),"
        " KEY check_results_time (time),"
        " KEY check_results_host_time (hostname, time))" NIAM_TABLE_OPTIONS,

        "CREATE TABLE IF NOT EXISTS check_states ("
        " id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,"
        " hostname VARBINARY(1024) NOT NULL,"
        " instance VARBINARY(1024) NOT NULL,"
        " kind VARBINARY(32) NOT NULL,"
        " target VARBINARY(1024) NOT NULL,"
        " port_or_arg VARBINARY(1024) NOT NULL,"
        " status INT NOT NULL,"
        " last_time BIGINT NOT NULL,"
        " since BIGINT NOT NULL,"
        " last_notified BIGINT NOT NULL,"
        " latency_ms INT NULL,"
        " nagios_code INT NULL,"
        " output MEDIUMBLOB NOT NULL,"
        " " NIAM_CHECK_HASH ","
        " UNIQUE KEY check_states_check (check_hash),"
        " KEY check_states_host (hostname, instance))" NIAM_TABLE_OPTIONS,

        "CREATE TABLE IF NOT EXISTS alerts ("
        " id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,"
        " time BIGINT NOT NULL,"
        " kind VARBINARY(32) NOT NULL,"
        " hostname VARBINARY(1024) NOT NULL,"
        " instance VARBINARY(1024) NOT NULL,"
        " detail BLOB NOT NULL,"
        " subject BLOB NOT NULL,"
        " message MEDIUMBLOB NOT NULL,"
        " delivery VARBINARY(16) NOT NULL,"
        " attempts INT NOT NULL,"
        " sent_at BIGINT NOT NULL,"
        " last_error BLOB NOT NULL,"
        " KEY alerts_delivery (delivery, time, id),"
        " KEY alerts_time (time, id))" NIAM_TABLE_OPTIONS,

        "CREATE TABLE IF NOT EXISTS message_ids ("
        " message_id VARBINARY(1024) NOT NULL PRIMARY KEY,"
        " applied_at BIGINT NOT NULL,"
        " KEY message_ids_applied_at (applied_at))" NIAM_TABLE_OPTIONS,
    },
};

// A series is keyed by the hash of its four fields (together up to 4 KiB, past InnoDB's
// key limit); the prefix index finds it by its fields.
const Migration kMetrics{
    2,
    "metric series, samples and 5-minute rollups",
    {
        "CREATE TABLE IF NOT EXISTS metric_series ("
        " id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,"
        " hostname VARBINARY(1024) NOT NULL,"
        " instance VARBINARY(1024) NOT NULL,"
        " name VARBINARY(1024) NOT NULL,"
        " tags VARBINARY(1024) NOT NULL,"
        " unit VARBINARY(1024) NOT NULL,"
        " created BIGINT NOT NULL,"
        " last_time BIGINT NOT NULL,"
        " last_value DOUBLE NOT NULL,"
        " series_hash BINARY(32) AS (UNHEX(SHA2(CONCAT(LENGTH(hostname), ':', hostname, "
        "LENGTH(instance), ':', instance, LENGTH(name), ':', name, LENGTH(tags), ':', tags), 256))) STORED,"
        " UNIQUE KEY metric_series_key (series_hash),"
        " KEY metric_series_host (hostname(255), instance(255), name(255), tags(255)),"
        " KEY metric_series_last_time (last_time))" NIAM_TABLE_OPTIONS,

        "CREATE TABLE IF NOT EXISTS metric_samples ("
        " series_id BIGINT NOT NULL,"
        " time BIGINT NOT NULL,"
        " value DOUBLE NOT NULL,"
        " PRIMARY KEY (series_id, time))" NIAM_TABLE_OPTIONS,

        "CREATE TABLE IF NOT EXISTS metric_rollups ("
        " series_id BIGINT NOT NULL,"
        " bucket BIGINT NOT NULL,"
        " min_value DOUBLE NOT NULL,"
        " max_value DOUBLE NOT NULL,"
        " sum_value DOUBLE NOT NULL,"
        " samples BIGINT NOT NULL,"
        " PRIMARY KEY (series_id, bucket))" NIAM_TABLE_OPTIONS,
    },
};

const Migration kInventories{
    3,
    "inventories and their change log",
    {
        "CREATE TABLE IF NOT EXISTS inventories ("
        " hostname VARBINARY(1024) NOT NULL,"
        " instance VARBINARY(1024) NOT NULL,"
        " time BIGINT NOT NULL,"
        " digest VARBINARY(64) NOT NULL,"
        " body LONGBLOB NOT NULL,"
        " PRIMARY KEY (hostname, instance))" NIAM_TABLE_OPTIONS,

        "CREATE TABLE IF NOT EXISTS inventory_changes ("
        " id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,"
        " hostname VARBINARY(1024) NOT NULL,"
        " instance VARBINARY(1024) NOT NULL,"
        " time BIGINT NOT NULL,"
        " kind VARBINARY(32) NOT NULL,"
        " name VARBINARY(1024) NOT NULL,"
        " old_value BLOB NOT NULL,"
        " new_value BLOB NOT NULL,"
        " KEY inventory_changes_host (hostname(255), instance(255), id),"
        " KEY inventory_changes_time (time))" NIAM_TABLE_OPTIONS,
    },
};

// New samples and rollup partials land in small staging tables first and move into
// metric_samples / metric_rollups many per series at once (metric_writer.hpp, docs/store.md).
const Migration kMetricStaging{
    4,
    "staging tables for new metric samples and rollups",
    {
        "CREATE TABLE IF NOT EXISTS metric_samples_staging ("
        " series_id BIGINT NOT NULL,"
        " time BIGINT NOT NULL,"
        " value DOUBLE NOT NULL,"
        " PRIMARY KEY (series_id, time))" NIAM_TABLE_OPTIONS,

        "CREATE TABLE IF NOT EXISTS metric_rollup_staging ("
        " series_id BIGINT NOT NULL,"
        " bucket BIGINT NOT NULL,"
        " min_value DOUBLE NOT NULL,"
        " max_value DOUBLE NOT NULL,"
        " sum_value DOUBLE NOT NULL,"
        " samples BIGINT NOT NULL,"
        " PRIMARY KEY (series_id, bucket))" NIAM_TABLE_OPTIONS,
    },
};

const Migration kServiceRegistrations{
    5,
    "services registered by each host (monitoring-info)",
    {
        "CREATE TABLE IF NOT EXISTS service_registrations ("
        " hostname VARBINARY(1024) NOT NULL,"
        " instance VARBINARY(1024) NOT NULL,"
        " digest VARBINARY(64) NOT NULL,"
        " registered_at BIGINT NOT NULL,"
        " body LONGBLOB NOT NULL,"
        " PRIMARY KEY (hostname, instance))" NIAM_TABLE_OPTIONS,
    },
};

// Noise control (retries, recover, flapping) keeps its counters with the check's state.
const Migration kCheckNoise{
    6,
    "noise control columns of check_states (retries, recover, flapping)",
    {
        "ALTER TABLE check_states ADD COLUMN streak BIGINT NOT NULL DEFAULT 0",
        "ALTER TABLE check_states ADD COLUMN recent BIGINT NOT NULL DEFAULT 0",
        "ALTER TABLE check_states ADD COLUMN recent_count BIGINT NOT NULL DEFAULT 0",
        "ALTER TABLE check_states ADD COLUMN flapping BIGINT NOT NULL DEFAULT 0",
    },
};

// Log lines and events (docs/logs.md). `line` keeps the bytes; `words` is the line as valid
// UTF-8 (bad bytes as U+FFFD, written by the store), case-folded for its FULLTEXT index.
// A line is keyed by the hash of host, source and seq, an event by that of host and id.
const Migration kLogLines{
    7,
    "log lines with their full-text index, and events",
    {
        "CREATE TABLE IF NOT EXISTS log_lines ("
        " id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,"
        " hostname VARBINARY(1024) NOT NULL,"
        " instance VARBINARY(1024) NOT NULL,"
        " source VARBINARY(1024) NOT NULL,"
        " seq BIGINT NOT NULL,"
        " time BIGINT NOT NULL,"
        " stream VARBINARY(32) NOT NULL,"
        " cut BIGINT NOT NULL,"
        " line MEDIUMBLOB NOT NULL,"
        " words MEDIUMTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NOT NULL,"
        " line_hash BINARY(32) AS (UNHEX(SHA2(CONCAT(LENGTH(hostname), ':', hostname, LENGTH(instance), ':', "
        "instance, LENGTH(source), ':', source, ':', seq), 256))) STORED,"
        " UNIQUE KEY log_lines_key (line_hash),"
        " KEY log_lines_host_time (hostname(255), instance(255), time, id),"
        " KEY log_lines_time (time),"
        " FULLTEXT KEY log_lines_words (words))" NIAM_TABLE_OPTIONS,

        "CREATE TABLE IF NOT EXISTS events ("
        " id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,"
        " hostname VARBINARY(1024) NOT NULL,"
        " instance VARBINARY(1024) NOT NULL,"
        " kind VARBINARY(1024) NOT NULL,"
        " event_id VARBINARY(1024) NOT NULL,"
        " time BIGINT NOT NULL,"
        " fields MEDIUMBLOB NOT NULL,"
        " raw MEDIUMBLOB NOT NULL,"
        " event_hash BINARY(32) AS (UNHEX(SHA2(CONCAT(LENGTH(hostname), ':', hostname, LENGTH(instance), ':', "
        "instance, LENGTH(event_id), ':', event_id), 256))) STORED,"
        " UNIQUE KEY events_key (event_hash),"
        " KEY events_host_time (hostname(255), instance(255), time, id),"
        " KEY events_time (time))" NIAM_TABLE_OPTIONS,
    },
};

// Silences (docs/silences.md): written by the master from its SilenceBook, ids its own.
const Migration kSilences{
    8,
    "silences",
    {
        "CREATE TABLE IF NOT EXISTS silences ("
        " id BIGINT NOT NULL PRIMARY KEY,"
        " host VARBINARY(255) NOT NULL,"
        " check_name VARBINARY(512) NOT NULL,"
        " starts BIGINT NOT NULL,"
        " ends BIGINT NOT NULL,"
        " comment BLOB NOT NULL,"
        " author VARBINARY(128) NOT NULL,"
        " created BIGINT NOT NULL)" NIAM_TABLE_OPTIONS,
    },
};

// Two masters on one database (leader_lease.hpp, docs/master.md): one row per lease.
const Migration kLeaderLease{
    9,
    "the leader lease of two masters on one database",
    {
        "CREATE TABLE IF NOT EXISTS leader_lease ("
        " name VARBINARY(64) NOT NULL PRIMARY KEY,"
        " holder VARBINARY(255) NOT NULL,"
        " epoch BIGINT NOT NULL,"
        " expires BIGINT NOT NULL)" NIAM_TABLE_OPTIONS,
    },
};

#undef NIAM_CHECK_HASH
#undef NIAM_TABLE_OPTIONS

SqlDialect make_mariadb_dialect() {
    SqlDialect d;
    d.name = "MariaDB";
    d.create_schema_version = "CREATE TABLE IF NOT EXISTS schema_version (version INT NOT NULL) ENGINE=InnoDB";
    d.migrations = {kInitialSchema, kMetrics,  kInventories, kMetricStaging, kServiceRegistrations,
                    kCheckNoise,    kLogLines, kSilences,    kLeaderLease};
    // ON DUPLICATE KEY UPDATE with a no-op rather than INSERT IGNORE: only a duplicate key
    // is ignored; any other problem (a value too long, a NULL) stays an error.
    d.insert_message_id =
        "INSERT INTO message_ids (message_id, applied_at) VALUES (?, ?) "
        "ON DUPLICATE KEY UPDATE message_id = message_id";
    d.insert_heartbeat =
        "INSERT INTO heartbeats (hostname, instance, time) VALUES (?, ?, ?) "
        "ON DUPLICATE KEY UPDATE id = id";
    d.insert_result =
        "INSERT INTO check_results (hostname, instance, kind, target, port_or_arg, time, status, "
        "latency_ms, nagios_code, output) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON DUPLICATE KEY UPDATE id = id";
    d.upsert_host =
        "INSERT INTO hosts (hostname, instance, status, first_seen, last_ping, status_since, detail) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE "
        "status = VALUE(status), first_seen = VALUE(first_seen), last_ping = VALUE(last_ping), "
        "status_since = VALUE(status_since), detail = VALUE(detail)";
    d.upsert_check_state =
        "INSERT INTO check_states (hostname, instance, kind, target, port_or_arg, status, last_time, "
        "since, last_notified, latency_ms, nagios_code, output, streak, recent, recent_count, flapping) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE "
        "status = VALUE(status), last_time = VALUE(last_time), since = VALUE(since), "
        "last_notified = VALUE(last_notified), latency_ms = VALUE(latency_ms), "
        "nagios_code = VALUE(nagios_code), output = VALUE(output), streak = VALUE(streak), "
        "recent = VALUE(recent), recent_count = VALUE(recent_count), flapping = VALUE(flapping)";
    d.check_history =
        "SELECT hostname, instance, kind, target, port_or_arg, time, status, latency_ms, "
        "nagios_code, output FROM check_results WHERE hostname = ? AND time >= ? "
        "AND (? = '' OR target = ? OR CONCAT(target, ':', port_or_arg) = ?) "
        "ORDER BY time DESC, kind DESC, target DESC, port_or_arg DESC, instance DESC LIMIT ?";
    // INSERT IGNORE: the only key is (series_id, time) and every column is a number, so
    // nothing but a duplicate can be ignored; RETURNING (MariaDB 10.5+) names only the rows
    // stored, not the ignored duplicates.
    d.insert_samples = {"INSERT INTO metric_samples_staging (series_id, time, value) VALUES", 3, ""};
    d.insert_new_samples = {"INSERT IGNORE INTO metric_samples_staging (series_id, time, value) VALUES", 3,
                            " RETURNING series_id, time"};
    d.upsert_rollups = {
        "INSERT INTO metric_rollup_staging (series_id, bucket, min_value, max_value, sum_value, samples) VALUES", 6,
        " ON DUPLICATE KEY UPDATE "
        "min_value = LEAST(min_value, VALUE(min_value)), max_value = GREATEST(max_value, VALUE(max_value)), "
        "sum_value = sum_value + VALUE(sum_value), samples = samples + VALUE(samples)"};
    // A staged sample is never in metric_samples too (metric_writer.hpp); should one be (a
    // second writer on the database), the stored one stays. IGNORE: numbers only, see above.
    d.move_samples =
        "INSERT IGNORE INTO metric_samples (series_id, time, value) SELECT series_id, time, value "
        "FROM metric_samples_staging ORDER BY series_id, time";
    // The staging has one row per key, so no GROUP BY (which would forbid VALUE() here).
    d.move_rollups =
        "INSERT INTO metric_rollups (series_id, bucket, min_value, max_value, sum_value, samples) "
        "SELECT series_id, bucket, min_value, max_value, sum_value, samples FROM metric_rollup_staging "
        "ORDER BY series_id, bucket ON DUPLICATE KEY UPDATE "
        "min_value = LEAST(metric_rollups.min_value, VALUE(min_value)), "
        "max_value = GREATEST(metric_rollups.max_value, VALUE(max_value)), "
        "sum_value = metric_rollups.sum_value + VALUE(sum_value), "
        "samples = metric_rollups.samples + VALUE(samples)";
    d.grouped_samples =
        "SELECT MIN(time), SUM(value), MIN(value), MAX(value), COUNT(*) FROM ("
        "SELECT time, value FROM metric_samples WHERE series_id = ? AND time >= ? AND time <= ? UNION ALL "
        "SELECT time, value FROM metric_samples_staging WHERE series_id = ? AND time >= ? AND time <= ?) AS s "
        "GROUP BY (time - ?) DIV ? ORDER BY 1";
    d.grouped_rollups =
        "SELECT MIN(bucket), SUM(sum_value), MIN(min_value), MAX(max_value), CAST(SUM(samples) AS SIGNED) FROM ("
        "SELECT bucket, sum_value, min_value, max_value, samples FROM metric_rollups "
        "WHERE series_id = ? AND bucket >= ? AND bucket <= ? UNION ALL "
        "SELECT bucket, sum_value, min_value, max_value, samples FROM metric_rollup_staging "
        "WHERE series_id = ? AND bucket >= ? AND bucket <= ?) AS r "
        "GROUP BY (bucket - ?) DIV ? ORDER BY 1";
    d.prune_heartbeats = "DELETE FROM heartbeats WHERE time < ? LIMIT ?";
    d.prune_results = "DELETE FROM check_results WHERE time < ? LIMIT ?";
    d.prune_sent_alerts = "DELETE FROM alerts WHERE delivery IN ('sent', 'folded', 'suppressed') AND time < ? LIMIT ?";
    d.prune_message_ids = "DELETE FROM message_ids WHERE applied_at < ? LIMIT ?";
    d.prune_metric_series = "DELETE FROM metric_series WHERE last_time < ? LIMIT ?";
    d.prune_inventory_changes = "DELETE FROM inventory_changes WHERE time < ? LIMIT ?";
    d.upsert_inventory =
        "INSERT INTO inventories (hostname, instance, time, digest, body) VALUES (?, ?, ?, ?, ?) "
        "ON DUPLICATE KEY UPDATE time = VALUE(time), digest = VALUE(digest), body = VALUE(body)";
    // INSERT IGNORE: affected rows then count the rows stored (with CLIENT_FOUND_ROWS an ON
    // DUPLICATE KEY UPDATE would count the duplicates too); the store bounds every value first.
    d.insert_log_lines = {
        "INSERT IGNORE INTO log_lines (hostname, instance, source, seq, time, stream, cut, line, words) VALUES", 9, ""};
    d.log_line_words = true;
    d.insert_events = {"INSERT IGNORE INTO events (hostname, instance, kind, event_id, time, fields, raw) VALUES", 7,
                       ""};
    d.search_log_lines =
        "SELECT id, time, source, seq, stream, cut, line FROM log_lines WHERE MATCH (words) AGAINST (? IN BOOLEAN "
        "MODE) "
        "AND hostname = ? AND instance = ? AND (? = '' OR source = ?) AND time >= ? AND time <= ? "
        "AND (time < ? OR (time = ? AND id < ?)) ORDER BY time DESC, id DESC LIMIT ?";
    d.prune_log_lines = "DELETE FROM log_lines WHERE time < ? LIMIT ?";
    d.prune_events = "DELETE FROM events WHERE time < ? LIMIT ?";
    d.lock_lease = "SELECT holder, epoch FROM leader_lease WHERE name = ? FOR UPDATE";
    return d;
}

}  // namespace

const SqlDialect& mariadb_dialect() {
    static const SqlDialect dialect = make_mariadb_dialect();
    return dialect;
}

}  // namespace niamd::store
