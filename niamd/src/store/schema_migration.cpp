#include "store/schema_migration.hpp"

#include <array>
#include <string>

#include "log/log.hpp"

namespace niamd::store {

namespace {

awsrest::Error too_new(const SqlConnection& connection, int found, int known) {
    return awsrest::make_error(awsrest::ErrorKind::Parse,
                               connection.source() + ": schema version " + std::to_string(found) +
                                   " is newer than this niamd knows (" + std::to_string(known) +
                                   "); run a newer niamd or point it at another database");
}

awsrest::Error in_step(awsrest::Error error, int version) {
    error.message = "schema migration to version " + std::to_string(version) + " failed: " + error.message;
    return error;
}

// A step "ALTER TABLE t ADD COLUMN c ..." whose column is there already (a migration run
// again after an interruption: MariaDB's DDL is not transactional, and SQLite has no ADD
// COLUMN IF NOT EXISTS) is skipped.
bool column_already_added(SqlConnection& connection, std::string_view statement) {
    constexpr std::string_view kAlter = "ALTER TABLE ";
    constexpr std::string_view kAdd = " ADD COLUMN ";
    if (!statement.starts_with(kAlter)) return false;
    const std::size_t add = statement.find(kAdd);
    if (add == std::string_view::npos) return false;
    const std::string_view table = statement.substr(kAlter.size(), add - kAlter.size());
    const std::string_view rest = statement.substr(add + kAdd.size());
    const std::string_view column = rest.substr(0, rest.find(' '));
    const std::string probe = "SELECT " + std::string(column) + " FROM " + std::string(table) + " LIMIT 0";
    return connection.query(probe, {}).ok();
}

// The body of migrate_schema, run while the schema lock is held.
awsrest::Result<int> migrate_locked(SqlConnection& connection, const SqlDialect& dialect) {
    if (auto created = connection.execute(dialect.create_schema_version, {}); !created) {
        return std::move(created).error();
    }
    auto rows = connection.query("SELECT version FROM schema_version", {});
    if (!rows) return std::move(rows).error();
    int current = 0;
    if (rows->empty()) {
        if (auto inserted = connection.execute("INSERT INTO schema_version (version) VALUES (0)", {}); !inserted) {
            return std::move(inserted).error();
        }
    } else {
        current = static_cast<int>(rows->front().integer(0));
    }
    const int latest = dialect.latest_version();
    if (current > latest) return too_new(connection, current, latest);

    for (const Migration& step : dialect.migrations) {
        if (step.version <= current) continue;
        for (std::string_view statement : step.statements) {
            if (column_already_added(connection, statement)) continue;
            if (auto done = connection.execute(statement, {}); !done) {
                return in_step(std::move(done).error(), step.version);
            }
        }
        const std::array<SqlParam, 1> version{std::int64_t{step.version}};
        if (auto done = connection.execute("UPDATE schema_version SET version = ?", version); !done) {
            return in_step(std::move(done).error(), step.version);
        }
        log::info(connection.source() + ": schema migrated to version " + std::to_string(step.version) + " (" +
                  std::string(step.summary) + ")");
        current = step.version;
    }
    return current;
}

}  // namespace

awsrest::Result<int> read_schema_version(SqlConnection& connection) {
    auto rows = connection.query("SELECT version FROM schema_version", {});
    if (!rows) return std::move(rows).error();
    if (rows->size() != 1) {
        return awsrest::make_error(awsrest::ErrorKind::Parse, connection.source() + ": schema_version holds " +
                                                                  std::to_string(rows->size()) + " rows, expected one");
    }
    return static_cast<int>(rows->front().integer(0));
}

awsrest::Result<int> migrate_schema(SqlConnection& connection, const SqlDialect& dialect) {
    const int latest = dialect.latest_version();
    // Fast path, without the lock: a database already at the latest version (every open
    // but the first, e.g. the web interface's reader next to a writing master).
    if (auto version = read_schema_version(connection); version) {
        if (*version == latest) return latest;
        if (*version > latest) return too_new(connection, *version, latest);
    } else if (connection.lost()) {
        return std::move(version).error();
    }

    if (auto locked = connection.lock_schema(); !locked) return std::move(locked).error();
    auto migrated = migrate_locked(connection, dialect);
    if (auto unlocked = connection.unlock_schema(migrated.ok()); !unlocked && migrated.ok()) {
        return std::move(unlocked).error();
    }
    return migrated;
}

}  // namespace niamd::store
