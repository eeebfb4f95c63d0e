#include "store/sqlite_store.hpp"

#include <chrono>
#include <thread>

#include <sqlite3.h>

#include <string>
#include <unordered_map>
#include <utility>

#include "log/log.hpp"
#include "store/sql_connection.hpp"
#include "store/sql_store.hpp"

namespace niamd::store {

namespace {

// What kind of failure a SQLite result code is, in the terms awsrest::Error offers.
awsrest::ErrorKind kind_of(int code) {
    switch (code & 0xff) {
        case SQLITE_NOTADB:
        case SQLITE_CORRUPT:
        case SQLITE_FORMAT: return awsrest::ErrorKind::Parse;
        case SQLITE_CANTOPEN:
        case SQLITE_IOERR:
        case SQLITE_FULL:
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
        case SQLITE_READONLY:
        case SQLITE_PERM:
        case SQLITE_PROTOCOL:
        case SQLITE_NOLFS: return awsrest::ErrorKind::Network;  // the storage, not the request, failed
        default: return awsrest::ErrorKind::InvalidArgument;
    }
}

class SqliteConnection final : public SqlConnection {
  public:
    SqliteConnection(sqlite3* db, std::string source) : db_(db), source_(std::move(source)) {}
    ~SqliteConnection() override {
        for (auto& [sql, statement] : statements_) sqlite3_finalize(statement);
        sqlite3_close_v2(db_);
    }
    SqliteConnection(const SqliteConnection&) = delete;
    SqliteConnection& operator=(const SqliteConnection&) = delete;

    awsrest::Result<SqlOutcome> execute(std::string_view sql, std::span<const SqlParam> params) override {
        auto statement = prepared(sql, params);
        if (!statement) return std::move(statement).error();
        int code;
        while ((code = sqlite3_step(*statement)) == SQLITE_ROW) {
        }
        if (code != SQLITE_DONE) return failed(*statement, code, sql);
        sqlite3_reset(*statement);
        return SqlOutcome{static_cast<std::uint64_t>(sqlite3_changes64(db_)), sqlite3_last_insert_rowid(db_)};
    }

    awsrest::Result<std::optional<SqlOutcome>> insert_all(std::string_view sql,
                                                          std::span<const SqlParam> params) override {
        auto statement = prepared(sql, params);
        if (!statement) return std::move(statement).error();
        const int code = sqlite3_step(*statement);
        // ABORT, the default conflict resolution: SQLite has undone this statement only.
        if (code == SQLITE_CONSTRAINT_PRIMARYKEY || code == SQLITE_CONSTRAINT_UNIQUE) {
            sqlite3_reset(*statement);
            return std::optional<SqlOutcome>();
        }
        if (code != SQLITE_DONE) return failed(*statement, code, sql);
        sqlite3_reset(*statement);
        return std::optional<SqlOutcome>(
            SqlOutcome{static_cast<std::uint64_t>(sqlite3_changes64(db_)), sqlite3_last_insert_rowid(db_)});
    }

    awsrest::Result<std::vector<SqlRow>> query(std::string_view sql, std::span<const SqlParam> params) override {
        auto statement = prepared(sql, params);
        if (!statement) return std::move(statement).error();
        sqlite3_stmt* s = *statement;
        std::vector<SqlRow> rows;
        const int columns = sqlite3_column_count(s);
        int code;
        while ((code = sqlite3_step(s)) == SQLITE_ROW) {
            SqlRow row;
            row.values.reserve(static_cast<std::size_t>(columns));
            for (int i = 0; i < columns; ++i) {
                switch (sqlite3_column_type(s, i)) {
                    case SQLITE_NULL: row.values.emplace_back(nullptr); break;
                    case SQLITE_INTEGER: row.values.emplace_back(std::int64_t{sqlite3_column_int64(s, i)}); break;
                    case SQLITE_FLOAT: row.values.emplace_back(sqlite3_column_double(s, i)); break;
                    default: {
                        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(s, i));
                        const int size = sqlite3_column_bytes(s, i);
                        row.values.emplace_back(text ? std::string(text, static_cast<std::size_t>(size))
                                                     : std::string());
                    }
                }
            }
            rows.push_back(std::move(row));
        }
        if (code != SQLITE_DONE) return failed(s, code, sql);
        sqlite3_reset(s);
        return rows;
    }

    // IMMEDIATE: the write lock is taken at BEGIN (waiting up to the busy timeout), so a
    // transaction never fails half-way because another writer got there first.
    awsrest::Result<void> begin() override { return plain("BEGIN IMMEDIATE"); }
    awsrest::Result<void> commit() override { return plain("COMMIT"); }
    void rollback() noexcept override {
        if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    }
    awsrest::Result<void> lock_schema() override { return begin(); }
    awsrest::Result<void> unlock_schema(bool keep_changes) override {
        if (keep_changes) return commit();
        rollback();
        return {};
    }
    const std::string& source() const noexcept override { return source_; }

    // Pragmas every connection sets, before the first statement.
    awsrest::Result<void> configure() {
        sqlite3_extended_result_codes(db_, 1);
        sqlite3_busy_timeout(db_, static_cast<int>(kSqliteBusyTimeout.count()));
        // Switching a fresh file to WAL needs it to itself, and SQLite answers "locked"
        // at once, without the busy handler, while another connection does the same.
        auto mode = query("PRAGMA journal_mode = WAL", {});
        for (int attempt = 0; !mode && attempt < 50 && is_locked(mode.error()); ++attempt) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            mode = query("PRAGMA journal_mode = WAL", {});
        }
        if (!mode) return std::move(mode).error();
        const std::string journal = mode->empty() ? std::string() : mode->front().text(0);
        if (journal != "wal") {
            log::warning(source_ + ": journal mode is '" + journal +
                         "', not WAL; readers and the writer will block each other");
        }
        // FULL: a committed batch (and the alerts in it) survives a power cut; in WAL
        // mode that is one fsync per commit, not per row.
        if (auto sync = plain("PRAGMA synchronous = FULL"); !sync) return sync;
        // 32 MiB of page cache (the default is 2 MiB): the indexes of a few days of
        // history stay in memory instead of being read back from the OS on every commit.
        if (auto cache = plain("PRAGMA cache_size = -32768"); !cache) return cache;
        // A checkpoint every 64 MiB of WAL, not 4 MiB: a master's commit of metric samples
        // rewrites the same pages every round (each series' newest samples and rollup), and
        // a checkpoint copies a page into the database once however often the WAL holds it.
        if (auto checkpoint = plain("PRAGMA wal_autocheckpoint = 16384"); !checkpoint) return checkpoint;
        return {};
    }

  private:
    static bool is_locked(const awsrest::Error& error) {
        return error.message.find("locked") != std::string::npos || error.message.find("busy") != std::string::npos;
    }

    awsrest::Result<void> plain(const char* sql) {
        const int code = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
        if (code != SQLITE_OK) return error(code, sql);
        return {};
    }

    awsrest::Error error(int code, std::string_view sql) const {
        return awsrest::make_error(kind_of(code), source_ + ": " + sql_summary(sql) + ": " + sqlite3_errmsg(db_) +
                                                      " (" + sqlite3_errstr(code) + ")");
    }

    awsrest::Error failed(sqlite3_stmt* statement, int code, std::string_view sql) {
        awsrest::Error e = error(code, sql);
        sqlite3_reset(statement);
        return e;
    }

    // The cached statement for sql with params bound (text bound without copying: the
    // caller's views outlive the step).
    awsrest::Result<sqlite3_stmt*> prepared(std::string_view sql, std::span<const SqlParam> params) {
        sqlite3_stmt* statement = nullptr;
        auto cached = statements_.find(sql);
        if (cached != statements_.end()) {
            statement = cached->second;
        } else {
            const int code = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                                SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
            if (code != SQLITE_OK) return error(code, sql);
            statements_.emplace(std::string(sql), statement);
        }
        if (sqlite3_bind_parameter_count(statement) != static_cast<int>(params.size())) {
            return awsrest::make_error(awsrest::ErrorKind::InvalidArgument,
                                       source_ + ": " + sql_summary(sql) + ": expects " +
                                           std::to_string(sqlite3_bind_parameter_count(statement)) +
                                           " parameters, got " + std::to_string(params.size()));
        }
        for (std::size_t i = 0; i < params.size(); ++i) {
            const int index = static_cast<int>(i) + 1;
            int code = SQLITE_OK;
            if (const auto* number = std::get_if<std::int64_t>(&params[i])) {
                code = sqlite3_bind_int64(statement, index, *number);
            } else if (const auto* real = std::get_if<double>(&params[i])) {
                code = sqlite3_bind_double(statement, index, *real);
            } else if (const auto* text = std::get_if<std::string_view>(&params[i])) {
                code = sqlite3_bind_text64(statement, index, text->empty() ? "" : text->data(), text->size(),
                                           SQLITE_STATIC, SQLITE_UTF8);
            } else {
                code = sqlite3_bind_null(statement, index);
            }
            if (code != SQLITE_OK) return error(code, sql);
        }
        return statement;
    }

    sqlite3* db_;
    std::string source_;
    std::unordered_map<std::string, sqlite3_stmt*, SqlTextHash, std::equal_to<>> statements_;
};

}  // namespace

awsrest::Result<std::unique_ptr<HistoryStore>> open_sqlite_store(const std::filesystem::path& file,
                                                                 const awsrest::Clock& clock) {
    const std::string source = "SQLite " + file.string();
    sqlite3* db = nullptr;
    const int code =
        sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (code != SQLITE_OK) {
        std::string reason = db ? sqlite3_errmsg(db) : sqlite3_errstr(code);
        sqlite3_close_v2(db);
        return awsrest::make_error(kind_of(code), source + ": cannot open: " + reason);
    }
    auto connection = std::make_unique<SqliteConnection>(db, source);
    if (auto configured = connection->configure(); !configured) return std::move(configured).error();
    auto store = SqlStore::open(std::move(connection), sqlite_dialect(), clock);
    if (!store) return std::move(store).error();
    return std::unique_ptr<HistoryStore>(std::move(store).value());
}

}  // namespace niamd::store
