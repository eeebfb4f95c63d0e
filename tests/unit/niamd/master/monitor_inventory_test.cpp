// INVENTORY records: the parts of one digest assembled across messages, applied only when
// complete and matching their digest, and counted when dropped or refused.
#include <catch2/catch.hpp>

#include "inventory/inventory.hpp"
#include "monitor_fixture.hpp"
#include "protocol/inventory_record.hpp"
#include "protocol/record_encoder.hpp"

using test_support::MonitorFixture;

namespace {

constexpr const char* kInstance = "i-0000000000000001";

std::string inventory_text(std::size_t packages, const std::string& version = "1.0") {
    niamd::inventory::Inventory inv;
    inv.kernel = "Linux 6.1.0 x86_64";
    for (std::size_t i = 0; i < packages; ++i) {
        inv.packages.push_back({"package-with-a-long-name-" + std::to_string(i), version});
    }
    niamd::inventory::normalise(inv);
    return niamd::inventory::canonical_text(inv);
}

std::string body_of(const niamd::protocol::Record& record) { return niamd::protocol::encode_record(record); }

}  // namespace

TEST_CASE("inventory: parts in different messages are applied once all are there", "[master]") {
    MonitorFixture f(test_support::short_timers(30, 60));
    f.start();
    const std::string text = inventory_text(3000);
    const auto parts = niamd::protocol::inventory_records(kInstance, "web1", text, f.now());
    REQUIRE(parts.size() >= 2);
    for (std::size_t i = parts.size(); i-- > 1;) {  // the last part first: order does not matter
        f.deliver(body_of(parts[i]));
        f.round();
    }
    CHECK(f.store.inventories.empty());  // one part is missing
    f.deliver(body_of(parts[0]));
    f.round();
    REQUIRE(f.store.inventories.size() == 1);
    CHECK(f.store.inventories[0].hostname == "web1");
    CHECK(f.store.inventories[0].text == text);
    CHECK(f.store.inventories[0].digest == niamd::inventory::digest_of(text));
    CHECK(f.store.inventories[0].time == f.now());
    CHECK(f.monitor->hosts().find({"web1", kInstance}) != nullptr);  // admitted like a check result
    const auto& counters = f.monitor->counters();
    CHECK(counters.inventory_parts_received == parts.size());
    CHECK(counters.inventories_received == 1);

    // A second inventory (packages upgraded) is applied too: the store logs what changed.
    const auto upgraded = niamd::protocol::inventory_records(kInstance, "web1", inventory_text(3000, "2.0"), f.now());
    std::string all;
    for (const auto& part : upgraded) all += (all.empty() ? "" : "\n") + body_of(part);
    f.deliver(all);
    f.round();
    CHECK(f.store.inventories.size() == 2);
}

TEST_CASE("inventory: a newer digest drops the parts of an incomplete one and counts them", "[master]") {
    MonitorFixture f(test_support::short_timers(30, 60));
    f.start();
    const auto old_parts = niamd::protocol::inventory_records(kInstance, "web1", inventory_text(3000), f.now());
    REQUIRE(old_parts.size() >= 2);
    f.deliver(body_of(old_parts[0]));
    const auto fresh = niamd::protocol::inventory_records(kInstance, "web1", inventory_text(1), f.now());
    REQUIRE(fresh.size() == 1);
    f.deliver(body_of(fresh[0]));
    f.deliver(body_of(old_parts[1]));  // late: starts the old one again, never completed
    f.round();
    REQUIRE(f.store.inventories.size() == 1);
    CHECK(f.store.inventories[0].digest == fresh[0].target);
    CHECK(f.monitor->counters().inventory_parts_dropped == 1);
}

TEST_CASE("inventory: parts that do not match their digest or cannot be read are refused", "[master]") {
    MonitorFixture f(test_support::short_timers(30, 60));
    f.start();
    auto record = niamd::protocol::inventory_records(kInstance, "web1", inventory_text(2), f.now())[0];
    auto tampered = record;
    tampered.output = *record.output + ";package=evil 6.6.6";
    f.deliver(body_of(tampered));
    auto unreadable = niamd::protocol::inventory_records(kInstance, "web2", "colour=blue", f.now())[0];
    f.deliver(body_of(unreadable));
    f.round();
    CHECK(f.store.inventories.empty());
    CHECK(f.monitor->counters().inventories_refused == 2);
}
