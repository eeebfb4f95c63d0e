#include "store/mariadb_store.hpp"

#include <errmsg.h>
#include <mysql.h>
#include <mysqld_error.h>

#include <array>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "store/leader_lease.hpp"
#include "store/schema_migration.hpp"
#include "store/sql_connection.hpp"
#include "store/sql_dialect.hpp"
#include "store/sql_store.hpp"

namespace niamd::store {

namespace {

// Error codes after which the connection is gone and must be reopened.
bool is_connection_loss(unsigned code) {
    switch (code) {
        case CR_SERVER_GONE_ERROR:
        case CR_SERVER_LOST:
        case CR_SERVER_LOST_EXTENDED:
        case CR_CONNECTION_ERROR:
        case CR_CONN_HOST_ERROR:
        case ER_CONNECTION_KILLED:
        case ER_SERVER_SHUTDOWN:
        case 4031:  // ER_CLIENT_INTERACTION_TIMEOUT (10.6+): the server closed an idle session
            return true;
        default: return false;
    }
}

awsrest::ErrorKind kind_of(unsigned code) {
    if (code == ER_ACCESS_DENIED_ERROR || code == ER_DBACCESS_DENIED_ERROR) {
        return awsrest::ErrorKind::Credentials;
    }
    if (is_connection_loss(code) || code == CR_UNKNOWN_HOST || code == ER_LOCK_WAIT_TIMEOUT ||
        code == ER_LOCK_DEADLOCK || code == CR_OUT_OF_MEMORY) {
        return awsrest::ErrorKind::Network;
    }
    return awsrest::ErrorKind::InvalidArgument;
}

bool is_real(enum_field_types type) { return type == MYSQL_TYPE_DOUBLE || type == MYSQL_TYPE_FLOAT; }

bool is_integer(enum_field_types type) {
    switch (type) {
        case MYSQL_TYPE_TINY:
        case MYSQL_TYPE_SHORT:
        case MYSQL_TYPE_INT24:
        case MYSQL_TYPE_LONG:
        case MYSQL_TYPE_LONGLONG:
        case MYSQL_TYPE_YEAR: return true;
        default: return false;
    }
}

void init_library_once() {
    static std::once_flag once;
    std::call_once(once, [] { mysql_library_init(0, nullptr, nullptr); });
}

class MariadbConnection final : public SqlConnection {
  public:
    explicit MariadbConnection(config::DatabaseConfig config) : config_(std::move(config)) {
        if (config_.dbname.empty()) config_.dbname = kDefaultDatabaseName;
        source_ =
            "MariaDB " + config_.user + "@" + config_.host + ":" + std::to_string(config_.port) + "/" + config_.dbname;
    }
    ~MariadbConnection() override { close(); }
    MariadbConnection(const MariadbConnection&) = delete;
    MariadbConnection& operator=(const MariadbConnection&) = delete;

    awsrest::Result<void> connect() {
        close();
        init_library_once();
        mysql_ = mysql_init(nullptr);
        if (!mysql_) return awsrest::make_error(awsrest::ErrorKind::Network, source_ + ": out of memory");
        const unsigned connect_timeout = static_cast<unsigned>(kMariadbConnectTimeout.count());
        const unsigned io_timeout = static_cast<unsigned>(kMariadbReadWriteTimeout.count());
        const my_bool off = 0;
        const unsigned no_local_infile = 0;
        mysql_optionsv(mysql_, MYSQL_SET_CHARSET_NAME, "utf8mb4");
        mysql_optionsv(mysql_, MYSQL_OPT_CONNECT_TIMEOUT, &connect_timeout);
        mysql_optionsv(mysql_, MYSQL_OPT_READ_TIMEOUT, &io_timeout);
        mysql_optionsv(mysql_, MYSQL_OPT_WRITE_TIMEOUT, &io_timeout);
        mysql_optionsv(mysql_, MYSQL_OPT_RECONNECT, &off);  // we reconnect, and say so
        mysql_optionsv(mysql_, MYSQL_OPT_LOCAL_INFILE, &no_local_infile);
        // CLIENT_FOUND_ROWS: an UPDATE reports the rows it matched, even when unchanged.
        if (!mysql_real_connect(mysql_, config_.host.c_str(), config_.user.c_str(), config_.password.c_str(),
                                config_.dbname.c_str(), static_cast<unsigned>(config_.port), nullptr,
                                CLIENT_FOUND_ROWS)) {
            awsrest::Error e = error(mysql_errno(mysql_), mysql_error(mysql_), "cannot connect");
            close();
            lost_ = true;
            return e;
        }
        lost_ = false;
        // Strict: a value that does not fit is an error, never silently cut. READ COMMITTED:
        // the pruner's range deletes take no gap locks that would stall the master's inserts.
        // The idle timeout: a stopped niamd's locks do not outlive it (mariadb_store.hpp).
        const std::string idle_timeout =
            "SET SESSION idle_transaction_timeout = " + std::to_string(kMariadbIdleTransactionTimeout.count());
        for (std::string_view setup :
             {std::string_view("SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION,NO_ZERO_DATE'"),
              std::string_view("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED"),
              std::string_view(idle_timeout)}) {
            if (auto done = execute(setup, {}); !done) return std::move(done).error();
        }
        return {};
    }

    awsrest::Result<SqlOutcome> execute(std::string_view sql, std::span<const SqlParam> params) override {
        auto statement = run(sql, params);
        if (!statement) return std::move(statement).error();
        MYSQL_STMT* s = *statement;
        SqlOutcome outcome{mysql_stmt_affected_rows(s), static_cast<std::int64_t>(mysql_stmt_insert_id(s))};
        if (outcome.affected_rows == static_cast<std::uint64_t>(-1)) outcome.affected_rows = 0;
        // A statement that returned rows (SELECT GET_LOCK) still has them: drop them.
        mysql_stmt_free_result(s);
        return outcome;
    }

    awsrest::Result<std::optional<SqlOutcome>> insert_all(std::string_view sql,
                                                          std::span<const SqlParam> params) override {
        last_errno_ = 0;
        auto statement = run(sql, params);
        if (!statement) {
            // InnoDB rolls back the statement that met a duplicate key, not the transaction.
            if (mysql_ && !lost_ && last_errno_ == ER_DUP_ENTRY) return std::optional<SqlOutcome>();
            return std::move(statement).error();
        }
        MYSQL_STMT* s = *statement;
        SqlOutcome outcome{mysql_stmt_affected_rows(s), static_cast<std::int64_t>(mysql_stmt_insert_id(s))};
        mysql_stmt_free_result(s);
        return std::optional<SqlOutcome>(outcome);
    }

    awsrest::Result<std::vector<SqlRow>> query(std::string_view sql, std::span<const SqlParam> params) override {
        auto statement = run(sql, params);
        if (!statement) return std::move(statement).error();
        MYSQL_STMT* s = *statement;
        auto rows = fetch_all(s, sql);
        if (mysql_) mysql_stmt_free_result(s);  // (a lost connection has closed s already)
        return rows;
    }

    awsrest::Result<void> begin() override {
        if (auto ready = usable("START TRANSACTION"); !ready) return ready;
        if (mysql_autocommit(mysql_, 0)) return connection_error("START TRANSACTION");
        return {};
    }
    awsrest::Result<void> commit() override {
        if (auto ready = usable("COMMIT"); !ready) return ready;
        if (mysql_commit(mysql_)) return connection_error("COMMIT");
        if (mysql_autocommit(mysql_, 1)) return connection_error("SET autocommit = 1");
        return {};
    }
    void rollback() noexcept override {
        if (!mysql_ || lost_) return;
        if (mysql_rollback(mysql_) || mysql_autocommit(mysql_, 1)) {
            (void)connection_error("ROLLBACK");  // marks the connection lost if it is
        }
    }

    awsrest::Result<void> lock_schema() override {
        const std::array<SqlParam, 1> timeout{std::int64_t{kMariadbSchemaLockTimeout.count()}};
        auto got = query("SELECT GET_LOCK(CONCAT('niam_schema.', DATABASE()), ?)", timeout);
        if (!got) return std::move(got).error();
        if (got->empty() || got->front().integer(0) != 1) {
            return awsrest::make_error(awsrest::ErrorKind::Network,
                                       source_ + ": waited " + std::to_string(kMariadbSchemaLockTimeout.count()) +
                                           " s for another niamd migrating the schema; try again");
        }
        return {};
    }
    awsrest::Result<void> unlock_schema(bool) override {
        auto released = query("SELECT RELEASE_LOCK(CONCAT('niam_schema.', DATABASE()))", {});
        if (!released) return std::move(released).error();
        return {};
    }

    bool lost() const noexcept override { return lost_; }
    awsrest::Result<void> reconnect() override { return connect(); }
    const std::string& source() const noexcept override { return source_; }

  private:
    void close() noexcept {
        for (auto& [sql, statement] : statements_) mysql_stmt_close(statement);
        statements_.clear();
        if (mysql_) mysql_close(mysql_);
        mysql_ = nullptr;
    }

    // The server's own text never holds the password; this makes sure of it.
    std::string scrubbed(std::string text) const {
        const std::string& secret = config_.password;
        if (secret.size() < 3) return text;
        for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at)) {
            text.replace(at, secret.size(), "***");
        }
        return text;
    }

    awsrest::Error error(unsigned code, const char* message, std::string_view what) {
        last_errno_ = code;
        std::string text = source_ + ": " + std::string(what) + ": " + (message ? message : "") + " (error " +
                           std::to_string(code) + ")";
        if (is_connection_loss(code)) {
            lost_ = true;
            if (what != "cannot connect") text += "; the connection was lost and is reopened on the next call";
        }
        return awsrest::make_error(kind_of(code), scrubbed(std::move(text)));
    }

    awsrest::Error connection_error(std::string_view what) {
        awsrest::Error e = error(mysql_errno(mysql_), mysql_error(mysql_), what);
        if (lost_) close();
        return e;
    }

    awsrest::Error statement_error(MYSQL_STMT* statement, std::string_view sql) {
        awsrest::Error e = error(mysql_stmt_errno(statement), mysql_stmt_error(statement), sql_summary(sql));
        if (lost_) close();
        return e;
    }

    awsrest::Result<void> usable(std::string_view what) {
        if (mysql_ && !lost_) return {};
        lost_ = true;
        return awsrest::make_error(
            awsrest::ErrorKind::Network,
            source_ + ": " + std::string(what) + ": not connected; the connection is reopened on the next call");
    }

    // The cached prepared statement for sql, executed with params.
    awsrest::Result<MYSQL_STMT*> run(std::string_view sql, std::span<const SqlParam> params) {
        if (auto ready = usable(sql_summary(sql)); !ready) return std::move(ready).error();
        MYSQL_STMT* statement = nullptr;
        if (auto cached = statements_.find(sql); cached != statements_.end()) {
            statement = cached->second;
        } else {
            statement = mysql_stmt_init(mysql_);
            if (!statement) return connection_error(sql_summary(sql));
            if (mysql_stmt_prepare(statement, sql.data(), static_cast<unsigned long>(sql.size()))) {
                awsrest::Error e = error(mysql_stmt_errno(statement), mysql_stmt_error(statement), sql_summary(sql));
                mysql_stmt_close(statement);
                if (lost_) close();
                return e;
            }
            statements_.emplace(std::string(sql), statement);
        }
        if (mysql_stmt_param_count(statement) != params.size()) {
            return awsrest::make_error(awsrest::ErrorKind::InvalidArgument,
                                       source_ + ": " + sql_summary(sql) + ": expects " +
                                           std::to_string(mysql_stmt_param_count(statement)) + " parameters, got " +
                                           std::to_string(params.size()));
        }
        if (!params.empty()) {
            binds_.assign(params.size(), MYSQL_BIND{});
            numbers_.assign(params.size(), 0);
            reals_.assign(params.size(), 0.0);
            static my_bool null_flag = 1;
            for (std::size_t i = 0; i < params.size(); ++i) {
                MYSQL_BIND& bind = binds_[i];
                if (const auto* number = std::get_if<std::int64_t>(&params[i])) {
                    numbers_[i] = *number;
                    bind.buffer_type = MYSQL_TYPE_LONGLONG;
                    bind.buffer = &numbers_[i];
                } else if (const auto* real = std::get_if<double>(&params[i])) {
                    reals_[i] = *real;
                    bind.buffer_type = MYSQL_TYPE_DOUBLE;
                    bind.buffer = &reals_[i];
                } else if (const auto* text = std::get_if<std::string_view>(&params[i])) {
                    // BLOB: a binary string, sent as is (no character set conversion).
                    bind.buffer_type = MYSQL_TYPE_BLOB;
                    bind.buffer = const_cast<char*>(text->empty() ? "" : text->data());
                    bind.buffer_length = static_cast<unsigned long>(text->size());
                } else {
                    bind.buffer_type = MYSQL_TYPE_NULL;
                    bind.is_null = &null_flag;
                }
            }
            if (mysql_stmt_bind_param(statement, binds_.data())) return statement_error(statement, sql);
        }
        if (mysql_stmt_execute(statement)) return statement_error(statement, sql);
        return statement;
    }

    awsrest::Result<std::vector<SqlRow>> fetch_all(MYSQL_STMT* statement, std::string_view sql) {
        std::vector<SqlRow> rows;
        MYSQL_RES* meta = mysql_stmt_result_metadata(statement);
        if (!meta) {
            if (mysql_stmt_errno(statement)) return statement_error(statement, sql);
            return rows;
        }
        const unsigned columns = mysql_num_fields(meta);
        const MYSQL_FIELD* fields = mysql_fetch_fields(meta);
        std::vector<MYSQL_BIND> out(columns, MYSQL_BIND{});
        std::vector<long long> numbers(columns, 0);
        std::vector<double> reals(columns, 0.0);
        std::vector<bool> real(columns, false);
        std::vector<unsigned long> lengths(columns, 0);
        std::vector<my_bool> nulls(columns, 0);
        std::vector<bool> integer(columns, false);
        for (unsigned i = 0; i < columns; ++i) {
            integer[i] = is_integer(fields[i].type);
            real[i] = is_real(fields[i].type);
            out[i].is_null = &nulls[i];
            out[i].length = &lengths[i];
            if (integer[i]) {
                out[i].buffer_type = MYSQL_TYPE_LONGLONG;
                out[i].buffer = &numbers[i];
            } else if (real[i]) {
                out[i].buffer_type = MYSQL_TYPE_DOUBLE;
                out[i].buffer = &reals[i];
            } else {
                out[i].buffer_type = MYSQL_TYPE_BLOB;  // length only; fetched per column below
            }
        }
        mysql_free_result(meta);
        if (mysql_stmt_bind_result(statement, out.data())) return statement_error(statement, sql);
        while (true) {
            const int fetched = mysql_stmt_fetch(statement);
            if (fetched == MYSQL_NO_DATA) break;
            if (fetched == 1) return statement_error(statement, sql);
            SqlRow row;
            row.values.reserve(columns);
            for (unsigned i = 0; i < columns; ++i) {
                if (nulls[i]) {
                    row.values.emplace_back(nullptr);
                } else if (integer[i]) {
                    row.values.emplace_back(std::int64_t{numbers[i]});
                } else if (real[i]) {
                    row.values.emplace_back(reals[i]);
                } else {
                    std::string text(lengths[i], '\0');
                    if (!text.empty()) {
                        MYSQL_BIND part{};
                        unsigned long got = 0;
                        part.buffer_type = MYSQL_TYPE_BLOB;
                        part.buffer = text.data();
                        part.buffer_length = static_cast<unsigned long>(text.size());
                        part.length = &got;
                        if (mysql_stmt_fetch_column(statement, &part, i, 0)) {
                            return statement_error(statement, sql);
                        }
                    }
                    row.values.emplace_back(std::move(text));
                }
            }
            rows.push_back(std::move(row));
        }
        return rows;
    }

    config::DatabaseConfig config_;
    std::string source_;
    MYSQL* mysql_ = nullptr;
    bool lost_ = true;
    unsigned last_errno_ = 0;  // of the last failure error() reported
    std::unordered_map<std::string, MYSQL_STMT*, SqlTextHash, std::equal_to<>> statements_;
    std::vector<MYSQL_BIND> binds_;
    std::vector<long long> numbers_;
    std::vector<double> reals_;
};

}  // namespace

awsrest::Result<std::unique_ptr<SqlConnection>> open_mariadb_connection(const config::DatabaseConfig& database) {
    auto connection = std::make_unique<MariadbConnection>(database);
    if (auto connected = connection->connect(); !connected) return std::move(connected).error();
    return std::unique_ptr<SqlConnection>(std::move(connection));
}

awsrest::Result<std::unique_ptr<HistoryStore>> open_mariadb_store(const config::DatabaseConfig& database,
                                                                  const awsrest::Clock& clock) {
    auto connection = open_mariadb_connection(database);
    if (!connection) return std::move(connection).error();
    auto store = SqlStore::open(std::move(connection).value(), mariadb_dialect(), clock);
    if (!store) return std::move(store).error();
    return std::unique_ptr<HistoryStore>(std::move(store).value());
}

awsrest::Result<std::unique_ptr<LeaderLease>> open_mariadb_lease(const config::DatabaseConfig& database,
                                                                 std::string holder, const awsrest::Clock& clock) {
    auto connection = open_mariadb_connection(database);
    if (!connection) return std::move(connection).error();
    if (auto migrated = migrate_schema(**connection, mariadb_dialect()); !migrated) return std::move(migrated).error();
    return std::make_unique<LeaderLease>(std::move(connection).value(), std::string(kMasterLeaseName),
                                         std::move(holder), clock);
}

}  // namespace niamd::store
