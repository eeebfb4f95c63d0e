// SqlDialect: the SQL text that differs between SQLite and MariaDB — the schema, its
// migrations, and the statements that insert-or-ignore, upsert or concatenate.
#pragma once

#include <string_view>
#include <vector>

#include "store/multi_row_statement.hpp"

namespace niamd::store {

// One schema step. Steps run in order of version; a database records the last one applied
// in schema_version. Statements are idempotent (IF NOT EXISTS), so a step interrupted on
// MariaDB (where DDL is not transactional) completes when run again.
struct Migration {
    int version = 0;
    std::string_view summary;
    std::vector<std::string_view> statements;
};

struct SqlDialect {
    std::string_view name;  // "SQLite", "MariaDB"
    std::string_view create_schema_version;
    std::vector<Migration> migrations;  // ascending version, starting at 1

    // Parameters in the order of the column lists in sql_store.cpp.
    std::string_view insert_message_id;  // ignored when the id is there
    std::string_view insert_heartbeat;   // ignored when (host, time) is there
    std::string_view insert_result;      // ignored when (check, time) is there
    std::string_view upsert_host;
    std::string_view upsert_check_state;
    std::string_view check_history;  // hostname, since, check x3, limit

    // Metrics (metric_writer.cpp, sql_store.cpp), many rows per statement, into the staging
    // tables. Rows of series id, time, value: insert_samples stores all or, when one is
    // staged already, fails (SqlConnection::insert_all); insert_new_samples ignores those
    // and returns (series id, time) of each row it stored.
    MultiRowSql insert_samples;
    MultiRowSql insert_new_samples;
    MultiRowSql upsert_rollups;     // rows of series id, bucket, min, max, sum, samples: merged
    std::string_view move_samples;  // every staged sample into metric_samples, in key order
    std::string_view move_rollups;  // every staged rollup merged into metric_rollups
    // Points of a series grouped by step, from the table and its staging: series id, since,
    // until, series id, since, until, since, step; each row start, sum, min, max, samples
    // (ordered by start).
    std::string_view grouped_samples;
    std::string_view grouped_rollups;

    // Retention: each deletes at most `limit` rows older than `before` (before, limit), so
    // that no single statement holds the write lock for long.
    std::string_view prune_heartbeats;
    std::string_view prune_results;
    std::string_view prune_sent_alerts;
    std::string_view prune_message_ids;
    std::string_view prune_metric_series;  // series whose newest sample is older (last_time)
    std::string_view prune_inventory_changes;

    // Inventories (sql_store.cpp): hostname, instance, time, digest, body.
    std::string_view upsert_inventory;

    // Log lines and events (log_writer.cpp, log_reader.cpp). Rows of hostname, instance,
    // source, seq, time, stream, cut, line (and, when log_line_words, the line as valid UTF-8
    // for the full-text index); a line stored already is ignored. Events: hostname, instance,
    // kind, event id, time, fields, raw; one stored already is ignored. Affected rows: stored.
    MultiRowSql insert_log_lines;
    bool log_line_words = false;
    MultiRowSql insert_events;
    // Lines holding the words: the full-text query (log_search.hpp), hostname, instance,
    // source x2, since, until, before time x2, before id, limit; id, time, source, seq,
    // stream, cut, line, newest first.
    std::string_view search_log_lines;
    // When the full-text index is not kept by the database itself (SQLite): after a batch's
    // lines, index those with an id over the given one (the largest before the batch); before
    // prune_log_lines, with its parameters, take the same rows out of the index.
    std::string_view index_log_lines;
    std::string_view unindex_log_lines;
    std::string_view prune_log_lines;  // before, limit
    std::string_view prune_events;

    // The leader lease of high availability (leader_lease.hpp), empty where there is none
    // (SQLite): lease name; holder and epoch, the row locked until the transaction ends.
    std::string_view lock_lease;

    int latest_version() const noexcept { return migrations.empty() ? 0 : migrations.back().version; }
};

const SqlDialect& sqlite_dialect();
const SqlDialect& mariadb_dialect();

}  // namespace niamd::store
