#include "store_backend.hpp"

#include <catch2/catch.hpp>
#include <mysql.h>
#include <sqlite3.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <stdexcept>
#include <vector>

#include "store/mariadb_store.hpp"
#include "store/open_store.hpp"
#include "store/sqlite_store.hpp"

namespace store_test {

std::unique_ptr<niamd::store::HistoryStore> StoreBackend::open(const awsrest::Clock& clock) {
    auto store = try_open(clock);
    if (!store) FAIL(name() << ": cannot open the store: " << store.error().message);
    return std::move(store).value();
}

TempDir::TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "niam-store-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed for " + pattern);
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

namespace {

class SqliteBackend final : public StoreBackend {
  public:
    SqliteBackend() {
        if (sqlite3_open_v2((dir_.path() / "niam.db").c_str(), &raw_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                            nullptr) != SQLITE_OK) {
            throw std::runtime_error("cannot open the raw SQLite connection");
        }
        sqlite3_busy_timeout(raw_, 10000);
    }
    ~SqliteBackend() override { sqlite3_close_v2(raw_); }

    std::string name() const override { return "SQLite"; }
    awsrest::Result<std::unique_ptr<niamd::store::HistoryStore>> try_open(const awsrest::Clock& clock) override {
        return niamd::store::open_store(std::nullopt, dir_.path(), clock);
    }
    void exec(const std::string& sql) override {
        char* message = nullptr;
        if (sqlite3_exec(raw_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
            std::string text = message ? message : "?";
            sqlite3_free(message);
            FAIL("raw SQLite: " << sql << ": " << text);
        }
    }
    std::int64_t query_int(const std::string& sql) override {
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v2(raw_, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
            FAIL("raw SQLite: " << sql << ": " << sqlite3_errmsg(raw_));
        }
        std::int64_t value = -1;
        if (sqlite3_step(statement) == SQLITE_ROW) value = sqlite3_column_int64(statement, 0);
        sqlite3_finalize(statement);
        return value;
    }
    std::string failing_alert_trigger() const override {
        return "CREATE TRIGGER fail_boom BEFORE INSERT ON alerts WHEN NEW.detail = 'boom' "
               "BEGIN SELECT RAISE(ABORT, 'forced failure'); END";
    }
    std::string drop_failing_alert_trigger() const override { return "DROP TRIGGER fail_boom"; }
    void begin_raw() override { exec("BEGIN IMMEDIATE"); }

  private:
    TempDir dir_;
    sqlite3* raw_ = nullptr;
};

// Lines "export NAME='value'" written by scripts/mariadb-test.
std::map<std::string, std::string> read_env_file(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in) {
        throw std::runtime_error(path.string() +
                                 ": cannot open; is the mariadb fixture running? "
                                 "(scripts/mariadb-test start --dir DIR, then NIAM_MARIADB_DIR=DIR)");
    }
    std::map<std::string, std::string> env;
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("export ", 0) == 0) line.erase(0, 7);
        const auto eq = line.find('=');
        if (eq == std::string::npos) continue;
        std::string value = line.substr(eq + 1);
        if (value.size() >= 2 && value.front() == '\'' && value.back() == '\'') {
            value = value.substr(1, value.size() - 2);
        }
        env[line.substr(0, eq)] = value;
    }
    return env;
}

std::filesystem::path mariadb_dir() {
    if (const char* dir = std::getenv("NIAM_MARIADB_DIR"); dir && *dir) return dir;
    return NIAM_MARIADB_DIR;
}

class MariadbBackend final : public StoreBackend {
  public:
    MariadbBackend() : config_(mariadb_config()) {
        raw_ = mysql_init(nullptr);
        if (!mysql_real_connect(raw_, config_.host.c_str(), config_.user.c_str(), config_.password.c_str(),
                                config_.dbname.c_str(), static_cast<unsigned>(config_.port), nullptr, 0)) {
            std::string error = mysql_error(raw_);
            mysql_close(raw_);
            throw std::runtime_error("raw MariaDB connection failed: " + error);
        }
        mysql_set_character_set(raw_, "utf8mb4");
        // Every test starts from an empty database.
        std::vector<std::string> tables;
        query("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()",
              [&](MYSQL_ROW row) { tables.emplace_back(row[0]); });
        for (const auto& table : tables) exec("DROP TABLE `" + table + "`");
    }
    ~MariadbBackend() override { mysql_close(raw_); }

    std::string name() const override { return "MariaDB"; }
    awsrest::Result<std::unique_ptr<niamd::store::HistoryStore>> try_open(const awsrest::Clock& clock) override {
        return niamd::store::open_store(config_, "/nonexistent-state-dir-unused", clock);
    }
    void exec(const std::string& sql) override {
        if (mysql_real_query(raw_, sql.data(), sql.size())) {
            FAIL("raw MariaDB: " << sql << ": " << mysql_error(raw_));
        }
        if (MYSQL_RES* result = mysql_store_result(raw_)) mysql_free_result(result);
    }
    std::int64_t query_int(const std::string& sql) override {
        std::int64_t value = -1;
        query(sql, [&](MYSQL_ROW row) {
            if (row[0]) value = std::stoll(row[0]);
        });
        return value;
    }
    std::string failing_alert_trigger() const override {
        return "CREATE TRIGGER fail_boom BEFORE INSERT ON alerts FOR EACH ROW "
               "IF NEW.detail = 'boom' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'forced failure'; "
               "END IF";
    }
    std::string drop_failing_alert_trigger() const override { return "DROP TRIGGER fail_boom"; }
    void begin_raw() override { exec("START TRANSACTION"); }

  private:
    template <class OnRow>
    void query(const std::string& sql, OnRow on_row) {
        if (mysql_real_query(raw_, sql.data(), sql.size())) {
            FAIL("raw MariaDB: " << sql << ": " << mysql_error(raw_));
        }
        MYSQL_RES* result = mysql_store_result(raw_);
        if (!result) return;
        while (MYSQL_ROW row = mysql_fetch_row(result)) on_row(row);
        mysql_free_result(result);
    }

    niamd::config::DatabaseConfig config_;
    MYSQL* raw_ = nullptr;
};

}  // namespace

niamd::config::DatabaseConfig mariadb_config() {
    const auto env = read_env_file(mariadb_dir() / "env");
    auto get = [&](const char* name) {
        auto it = env.find(name);
        if (it == env.end()) throw std::runtime_error(std::string("the mariadb env file has no ") + name);
        return it->second;
    };
    niamd::config::DatabaseConfig config;
    config.host = get("NIAM_MARIADB_HOST");
    config.port = std::stoi(get("NIAM_MARIADB_PORT"));
    config.user = get("NIAM_MARIADB_USER");
    config.password = get("NIAM_MARIADB_PASSWORD");
    config.dbname = get("NIAM_MARIADB_DB");
    return config;
}

std::unique_ptr<StoreBackend> sqlite_backend() { return std::make_unique<SqliteBackend>(); }
std::unique_ptr<StoreBackend> mariadb_backend() { return std::make_unique<MariadbBackend>(); }

}  // namespace store_test
