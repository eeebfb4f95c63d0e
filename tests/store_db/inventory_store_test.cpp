// Inventories, on SQLite and MariaDB: the latest per host, the change log between two, its
// cap, the same inventory again, forgetting the host and retention.
#include <catch2/catch.hpp>

#include <string>

#include "inventory/inventory.hpp"
#include "store_backend.hpp"
#include "store_rows.hpp"

using namespace store_test;
using niamd::store::Batch;

namespace {

niamd::inventory::Inventory inventory_with(std::vector<niamd::inventory::Package> packages,
                                           std::string kernel = "Linux 6.1.0-13-amd64 x86_64") {
    niamd::inventory::Inventory inv;
    inv.kernel = std::move(kernel);
    inv.os = "Debian GNU/Linux 12 (bookworm)";
    inv.cpu_count = 2;
    inv.packages = std::move(packages);
    niamd::inventory::normalise(inv);
    return inv;
}

void commit_inventory(ns::HistoryStore& store, const niamd::inventory::Inventory& inv, std::int64_t time,
                      const std::string& hostname = "web-1") {
    Batch batch;
    ns::InventoryRow row;
    row.hostname = hostname;
    row.instance = "i-0123456789abcdef0";
    row.time = time;
    row.text = niamd::inventory::canonical_text(inv);
    row.digest = niamd::inventory::digest_of(row.text);
    batch.inventories.push_back(row);
    auto committed = store.commit(batch);
    if (!committed) FAIL("commit failed: " << committed.error().message);
}

ns::StoredInventory stored_of(ns::HistoryStore& store, const std::string& hostname = "web-1") {
    auto stored = store.inventory(host(hostname));
    if (!stored) FAIL("inventory failed: " << stored.error().message);
    if (!*stored) FAIL("no inventory of " << hostname);
    return std::move(**stored);
}

}  // namespace

// ---------------------------------------------------------------------------------------

void latest_and_changes(StoreBackend& backend) {
    auto clock = clock_at();
    auto store = backend.open(clock);
    auto none = store->inventory(host("web-1"));
    REQUIRE(none);
    CHECK_FALSE(*none);

    const auto first = inventory_with({{"bash", "5.2.15-2"}, {"libc6", "2.36-9"}, {"openssl", "3.0.11"}});
    commit_inventory(*store, first, kNow - 3600);
    auto stored = stored_of(*store);
    CHECK(stored.time == kNow - 3600);
    CHECK(stored.text == niamd::inventory::canonical_text(first));
    CHECK(stored.changes.empty());  // the first inventory is not a change

    const auto second = inventory_with({{"bash", "5.2.15-2"}, {"curl", "7.88.1"}, {"openssl", "3.0.13"}},
                                       "Linux 6.1.0-18-amd64 x86_64");
    commit_inventory(*store, second, kNow);
    stored = stored_of(*store);
    CHECK(stored.time == kNow);
    CHECK(stored.digest == niamd::inventory::digest_of(niamd::inventory::canonical_text(second)));
    REQUIRE(stored.changes.size() == 4);
    CHECK(stored.changes[0].time == kNow);
    CHECK(stored.changes[0].kind == "package_upgraded");  // newest first: the last one logged
    CHECK(stored.changes[0].name == "openssl");
    CHECK(stored.changes[0].old_value == "3.0.11");
    CHECK(stored.changes[0].new_value == "3.0.13");
    CHECK(stored.changes[1].kind == "package_removed");
    CHECK(stored.changes[1].name == "libc6");
    CHECK(stored.changes[2].kind == "package_added");
    CHECK(stored.changes[2].name == "curl");
    CHECK(stored.changes[3].kind == "kernel_changed");
    CHECK(stored.changes[3].new_value == "Linux 6.1.0-18-amd64 x86_64");

    // The same inventory again (a resent message, a client without its state): nothing new.
    commit_inventory(*store, second, kNow + 60);
    CHECK(stored_of(*store).time == kNow);
    CHECK(backend.count("inventory_changes") == 4);
    CHECK(backend.count("inventories") == 1);
}
STORE_TEST("the latest inventory per host and the change log between two", latest_and_changes)

void change_log_capped(StoreBackend& backend) {
    auto clock = clock_at();
    auto store = backend.open(clock);
    std::vector<niamd::inventory::Package> packages;
    for (int i = 0; i < 700; ++i) packages.push_back({"p" + std::to_string(i), "1"});
    commit_inventory(*store, inventory_with(packages), kNow - 300);
    for (auto& package : packages) package.version = "2";
    commit_inventory(*store, inventory_with(packages), kNow - 200);  // 700 upgrades
    for (auto& package : packages) package.version = "3";
    commit_inventory(*store, inventory_with(packages), kNow - 100);  // 700 more: 400 of the older go
    const auto stored = stored_of(*store);
    REQUIRE(stored.changes.size() == ns::kMaxInventoryChangesPerHost);
    CHECK(stored.changes.front().new_value == "3");
    CHECK(stored.changes.back().new_value == "2");
    CHECK(backend.count("inventory_changes") == static_cast<std::int64_t>(ns::kMaxInventoryChangesPerHost));
}
STORE_TEST("the change log keeps the newest 1000 changes of a host", change_log_capped)

void forgotten_and_pruned(StoreBackend& backend) {
    auto clock = clock_at();
    auto store = backend.open(clock);
    const std::int64_t day = 86400;
    commit_inventory(*store, inventory_with({{"bash", "5.1"}}), kNow - 40 * day);
    commit_inventory(*store, inventory_with({{"bash", "5.2"}}), kNow - 35 * day);
    commit_inventory(*store, inventory_with({{"bash", "5.2"}, {"curl", "7"}}), kNow - day);
    commit_inventory(*store, inventory_with({{"zsh", "5.9"}}), kNow, "db-1");
    commit_inventory(*store, inventory_with({{"zsh", "5.9"}, {"vim", "9"}}), kNow, "db-1");
    CHECK(backend.count("inventory_changes") == 3);
    auto pruned = store->prune(kNow - 30 * day);
    REQUIRE(pruned);
    CHECK(backend.count("inventory_changes") == 2);  // the upgrade 35 days ago is gone
    CHECK(stored_of(*store).changes.size() == 1);
    CHECK(stored_of(*store).time == kNow - day);  // the latest inventory itself stays

    Batch forget;
    forget.forgotten_hosts.push_back(host("web-1"));
    REQUIRE(store->commit(forget));
    auto gone = store->inventory(host("web-1"));
    REQUIRE(gone);
    CHECK_FALSE(*gone);
    CHECK(backend.count("inventories") == 1);
    CHECK(backend.count("inventory_changes") == 1);  // db-1's
}
STORE_TEST("inventories are forgotten with the host and old changes pruned with RETENTION", forgotten_and_pruned)
