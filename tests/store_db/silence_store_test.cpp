// Silences on SQLite and MariaDB (schema 9 / 8): stored by id in the round's transaction,
// replaced and deleted by id, ended ones deleted when the master loads them.
#include <catch2/catch.hpp>

#include <string>

#include "store/sql_dialect.hpp"
#include "store_backend.hpp"
#include "store_rows.hpp"

using namespace store_test;
using niamd::store::Batch;

namespace {

template <class T>
T must(awsrest::Result<T> result) {
    if (!result) FAIL(result.error().describe());
    return std::move(result).value();
}

ns::SilenceRow silence(std::int64_t id, const std::string& host, std::int64_t ends) {
    ns::SilenceRow row;
    row.id = id;
    row.host = host;
    row.check = id % 2 == 0 ? "www.example.org:443" : "";
    row.starts = kNow - 10;
    row.ends = ends;
    row.comment = "deploy \xc3\xa9t\xc3\xa9";
    row.author = "alice";
    row.created = kNow - 10;
    return row;
}

}  // namespace

void silences_kept_by_id(StoreBackend& backend) {
    auto clock = clock_at();
    auto store = backend.open(clock);
    Batch first;
    first.silences = {silence(1, "web-1", kNow + 100), silence(2, "*", kNow + 200), silence(3, "db-1", kNow - 1)};
    REQUIRE(store->commit(first));
    CHECK(backend.count("silences") == 3);
    Batch second;
    auto longer = silence(2, "*", kNow + 900);
    second.silences.push_back(longer);  // replaces id 2
    second.forgotten_silences.push_back(1);
    REQUIRE(store->commit(second));
    // Loading deletes the ended one (id 3) and returns the rest by id.
    auto rows = store->load_silences(kNow);
    REQUIRE(rows);
    REQUIRE(rows->size() == 1);
    CHECK((*rows)[0] == longer);
    CHECK(backend.count("silences") == 1);
}
STORE_TEST("silences are stored and replaced and deleted by id and ended ones dropped on load", silences_kept_by_id)

void silences_survive_reopen(StoreBackend& backend) {
    auto clock = clock_at();
    {
        auto store = backend.open(clock);
        Batch batch;
        for (std::int64_t id = 1; id <= 50; ++id)
            batch.silences.push_back(silence(id, "web-" + std::to_string(id), kNow + id));
        REQUIRE(store->commit(batch));
    }
    auto store = backend.open(clock);
    auto rows = store->load_silences(kNow + 25);
    REQUIRE(rows);
    REQUIRE(rows->size() == 25);
    CHECK(rows->front().id == 26);
    CHECK(rows->back().id == 50);
    CHECK(rows->back().check == "www.example.org:443");
}
STORE_TEST("silences not yet ended are there after the store is opened again", silences_survive_reopen)

void silences_migrated(StoreBackend& backend) {
    auto clock = clock_at();
    const int latest =
        backend.name() == "SQLite" ? ns::sqlite_dialect().latest_version() : ns::mariadb_dialect().latest_version();
    const int silences_version = backend.name() == "SQLite" ? 9 : 8;  // the step that adds the table
    {
        auto store = backend.open(clock);
        Batch batch;
        batch.hosts.push_back(host_row(host("web-1")));
        REQUIRE(store->commit(batch));
    }
    // A database of the version before silences: the step adds the table, the data stays.
    backend.exec("DROP TABLE silences");
    backend.exec("UPDATE schema_version SET version = " + std::to_string(silences_version - 1));
    auto store = backend.open(clock);
    CHECK(backend.query_int("SELECT version FROM schema_version") == latest);
    CHECK(backend.count("silences") == 0);
    CHECK(must(store->load_hosts()).size() == 1);
    Batch batch;
    batch.silences.push_back(silence(7, "web-1", kNow + 60));
    REQUIRE(store->commit(batch));
    CHECK(must(store->load_silences(kNow)).size() == 1);
}
STORE_TEST("a database of the version before silences gets the table and keeps its data", silences_migrated)
