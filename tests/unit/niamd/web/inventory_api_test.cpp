// GET /api/inventory: the JSON body (a pure function) and the endpoint on a real SQLite store.
#include <catch2/catch.hpp>

#include <string>

#include "inventory/inventory.hpp"
#include "web/inventory_json.hpp"
#include "web/metrics_text.hpp"
#include "served_store.hpp"

using web_test::kNow;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

niamd::inventory::Inventory web1_inventory(const std::string& openssl) {
    niamd::inventory::Inventory inv;
    inv.kernel = "Linux 6.1.0-13-amd64 x86_64";
    inv.os = "Debian GNU/Linux 12 (bookworm)";
    inv.os_id = "debian";
    inv.os_version = "12";
    inv.cpu_model = "Intel(R) Xeon(R)";
    inv.cpu_count = 2;
    inv.memory_bytes = 8232366080;
    inv.addresses = {"10.0.0.5"};
    inv.packages = {{"bash", "5.2.15-2"}, {"openssl", openssl}};
    return inv;
}

niamd::store::InventoryRow row_of(const niamd::inventory::Inventory& inv, std::int64_t time) {
    niamd::store::InventoryRow row;
    row.hostname = "web-1";
    row.instance = "i-0aaa";
    row.time = time;
    row.text = niamd::inventory::canonical_text(inv);
    row.digest = niamd::inventory::digest_of(row.text);
    return row;
}

// web-1's inventory of two hours ago (openssl 3.0.11) and of now (3.0.13): one change.
web_test::ServedStore served_inventories() {
    return web_test::ServedStore([](niamd::store::HistoryStore& store) {
        for (const auto& row :
             {row_of(web1_inventory("3.0.11"), kNow - 7200), row_of(web1_inventory("3.0.13"), kNow)}) {
            niamd::store::Batch batch;
            batch.inventories.push_back(row);
            web_test::commit(store, batch);
        }
    });
}

}  // namespace

TEST_CASE("inventory json: the facts packages and changes of a stored inventory", "[web]") {
    niamd::store::StoredInventory stored;
    stored.time = kNow;
    stored.text = niamd::inventory::canonical_text(web1_inventory("3.0.13"));
    stored.digest = niamd::inventory::digest_of(stored.text);
    niamd::store::InventoryChangeRow change;
    change.time = kNow;
    change.kind = "package_upgraded";
    change.name = "openssl";
    change.old_value = "3.0.11";
    change.new_value = "3.0.13";
    stored.changes.push_back(change);
    const std::string json = niamd::web::inventory_json({"web-1", "i-0aaa"}, stored);
    CHECK(json == "{\"host\":\"web-1\",\"instance\":\"i-0aaa\",\"time\":" + std::to_string(kNow) + ",\"digest\":\"" +
                      stored.digest +
                      "\",\"kernel\":\"Linux 6.1.0-13-amd64 x86_64\",\"os\":{\"name\":\"Debian GNU/Linux 12 "
                      "(bookworm)\",\"id\":\"debian\",\"version\":\"12\"},\"cpu\":{\"model\":\"Intel(R) Xeon(R)\","
                      "\"count\":2},\"memory_bytes\":8232366080,\"addresses\":[\"10.0.0.5\"],\"packages\":[{\"name\":"
                      "\"bash\",\"version\":\"5.2.15-2\"},{\"name\":\"openssl\",\"version\":\"3.0.13\"}],\"changes\":"
                      "[{\"time\":" +
                      std::to_string(kNow) +
                      ",\"kind\":\"package_upgraded\",\"name\":\"openssl\",\"old\":\"3.0.11\",\"new\":\"3.0.13\"}]}");
    const std::string none = niamd::web::inventory_json({"web-2", "i-0bbb"}, std::nullopt);
    CHECK(none ==
          "{\"host\":\"web-2\",\"instance\":\"i-0bbb\",\"time\":null,\"digest\":null,\"kernel\":null,"
          "\"os\":{\"name\":null,\"id\":null,\"version\":null},\"cpu\":{\"model\":null,\"count\":null},"
          "\"memory_bytes\":null,\"addresses\":[],\"packages\":[],\"changes\":[]}");
}

TEST_CASE("web api: /api/inventory gives the latest inventory with its change log and 404 for unknown hosts", "[web]") {
    auto served = served_inventories();
    const auto res = served.get("/api/inventory?host=web-1");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(contains(res->body, "\"time\":" + std::to_string(kNow)));
    CHECK(contains(res->body, "{\"name\":\"openssl\",\"version\":\"3.0.13\"}"));
    CHECK(contains(res->body,
                   "\"kind\":\"package_upgraded\",\"name\":\"openssl\",\"old\":\"3.0.11\",\"new\":\"3.0.13\""));

    const auto none = served.get("/api/inventory?host=web-2");  // known, no inventory yet
    REQUIRE(none);
    CHECK(none->status == 200);
    CHECK(contains(none->body, "\"time\":null"));

    const auto unknown = served.get("/api/inventory?host=nobody");
    REQUIRE(unknown);
    CHECK(unknown->status == 404);
    CHECK(contains(unknown->body, "unknown host: nobody"));
    const auto missing = served.get("/api/inventory");
    REQUIRE(missing);
    CHECK(missing->status == 400);
}

TEST_CASE("metrics text: the inventory counters", "[web]") {
    auto snapshot = web_test::sample_snapshot();
    snapshot->counters.inventory_parts_received = 7;
    snapshot->counters.inventories_received = 3;
    snapshot->counters.inventory_parts_dropped = 2;
    snapshot->counters.inventories_refused = 1;
    const std::string text = niamd::web::metrics_text(*snapshot, kNow);
    CHECK(contains(text, "\nniam_inventory_parts_received_total 7\n"));
    CHECK(contains(text, "\nniam_inventories_received_total 3\n"));
    CHECK(contains(text, "\nniam_inventory_parts_dropped_total 2\n"));
    CHECK(contains(text, "\nniam_inventories_refused_total 1\n"));
}
