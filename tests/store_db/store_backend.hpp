// The two real databases the store tests run against, behind one interface, so that each
// test body runs once on a SQLite file and once on the MariaDB the `mariadb` ctest fixture
// started (scripts/mariadb-test; its env file in NIAM_MARIADB_DIR).
#pragma once

#include <awsrest/clock.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "config/host_config.hpp"
#include "store/history_store.hpp"

namespace store_test {

class StoreBackend {
  public:
    virtual ~StoreBackend() = default;
    virtual std::string name() const = 0;

    // A new store instance on this test's database (fails the test when it cannot open).
    std::unique_ptr<niamd::store::HistoryStore> open(const awsrest::Clock& clock);
    virtual awsrest::Result<std::unique_ptr<niamd::store::HistoryStore>> try_open(const awsrest::Clock& clock) = 0;

    // Raw SQL on the backend's own connection, outside the store: set-up and inspection.
    virtual void exec(const std::string& sql) = 0;
    virtual std::int64_t query_int(const std::string& sql) = 0;
    std::int64_t count(const std::string& table) { return query_int("SELECT COUNT(*) FROM " + table); }

    // SQL creating a trigger that makes inserting an alert whose detail is 'boom' fail.
    virtual std::string failing_alert_trigger() const = 0;
    virtual std::string drop_failing_alert_trigger() const = 0;
    // Starts a transaction on the raw connection (left open until exec("ROLLBACK")).
    virtual void begin_raw() = 0;
};

// A SQLite file in a fresh temporary directory (deleted afterwards).
std::unique_ptr<StoreBackend> sqlite_backend();

// The fixture's MariaDB, every table of its database dropped first.
std::unique_ptr<StoreBackend> mariadb_backend();

// The fixture's connection settings (user, password, database as the env file says).
niamd::config::DatabaseConfig mariadb_config();

// A fresh temporary directory, deleted with everything in it when this goes away.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

}  // namespace store_test

// One test body, two test cases: "sqlite: NAME" [sqlite] and "mariadb: NAME" [mariadb].
#define STORE_TEST(name, body)                        \
    TEST_CASE("sqlite: " name, "[store][sqlite]") {   \
        auto backend = store_test::sqlite_backend();  \
        body(*backend);                               \
    }                                                 \
    TEST_CASE("mariadb: " name, "[store][mariadb]") { \
        auto backend = store_test::mariadb_backend(); \
        body(*backend);                               \
    }
