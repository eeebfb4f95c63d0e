// The noise control columns of check_states (migration 6) on SQLite and MariaDB: they keep
// the run, the recent results and the flapping flag, and a version 5 database upgrades.
#include <catch2/catch.hpp>

#include "store/sql_dialect.hpp"
#include "store_backend.hpp"
#include "store_rows.hpp"

using namespace store_test;
using niamd::store::Batch;

namespace {

ns::CheckStateRow noisy_state() {
    auto row = state_row(check(host("db1"), RecordKind::Lping, "db1", "5432"), 1, "timeout");
    row.streak = -3;
    row.recent = 0x15555;  // 1 0101 0101 0101 0101
    row.recent_count = 21;
    row.flapping = true;
    return row;
}

void noise_columns_kept(StoreBackend& backend) {
    auto clock = clock_at();
    auto store = backend.open(clock);
    Batch batch;
    batch.check_states = {noisy_state()};
    REQUIRE(store->commit(batch));
    auto states = store->load_check_states();
    REQUIRE(states);
    REQUIRE(states->size() == 1);
    CHECK(states->at(0).streak == -3);
    CHECK(states->at(0).recent == 0x15555);
    CHECK(states->at(0).recent_count == 21);
    CHECK(states->at(0).flapping);
    // An update replaces them.
    auto calm = noisy_state();
    calm.streak = 2;
    calm.flapping = false;
    Batch update;
    update.check_states = {calm};
    REQUIRE(store->commit(update));
    states = store->load_check_states();
    REQUIRE(states);
    CHECK(states->at(0).streak == 2);
    CHECK_FALSE(states->at(0).flapping);
}
STORE_TEST("check states keep their noise control columns", noise_columns_kept)

void noise_upgrade(StoreBackend& backend) {
    auto clock = clock_at();
    {
        auto store = backend.open(clock);
        Batch batch;
        batch.check_states = {state_row(check(host("db1"), RecordKind::Lping, "db1", "5432"), 1, "timeout")};
        REQUIRE(store->commit(batch));
    }
    for (const char* column : {"streak", "recent", "recent_count", "flapping"}) {
        backend.exec(std::string("ALTER TABLE check_states DROP COLUMN ") + column);
    }
    backend.exec("UPDATE schema_version SET version = 5");
    auto store = backend.open(clock);
    // Migrated to version 6 and on to the latest.
    const int latest = backend.name() == "SQLite" ? niamd::store::sqlite_dialect().latest_version()
                                                  : niamd::store::mariadb_dialect().latest_version();
    CHECK(latest >= 6);
    CHECK(backend.query_int("SELECT version FROM schema_version") == latest);
    auto states = store->load_check_states();
    REQUIRE(states);
    REQUIRE(states->size() == 1);
    CHECK(states->at(0).status == 1);
    CHECK(states->at(0).output == "timeout");
    CHECK(states->at(0).streak == 0);
    CHECK_FALSE(states->at(0).flapping);
    Batch batch;
    batch.check_states = {noisy_state()};
    REQUIRE(store->commit(batch));
    CHECK(store->load_check_states()->at(0).recent == 0x15555);
}
STORE_TEST("a version 5 database gets the noise control columns", noise_upgrade)

}  // namespace
