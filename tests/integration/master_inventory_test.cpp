// Master scenario: a client's inventory (InventorySource over a fixture tree) sent through
// the local stack's SQS in parts, one message each and in reverse order, is assembled by
// the master, stored, and served with its change log on /api/inventory by a web interface
// reading the same SQLite file.
#include <catch2/catch.hpp>

#include <httplib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>

#include "client/config_source.hpp"
#include "client/inventory_source.hpp"
#include "local_stack.hpp"
#include "master_scenario.hpp"
#include "master_web.hpp"
#include "stack_helpers.hpp"
#include "store/open_store.hpp"
#include "web/web_server.hpp"

using namespace std::chrono_literals;
using scenario::MasterScenario;

namespace {

constexpr const char* kInstance = "i-0a00000000000002";

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Fixture facts and a package list the test changes.
niamd::client::InventoryCollector collector(std::shared_ptr<std::string> packages) {
    niamd::client::InventorySources sources;
    sources.root = std::filesystem::path(NIAM_TEST_DATA) / "inventory" / "debian";
    sources.kernel = [] { return std::string("Linux 6.1.0-13-amd64 x86_64"); };
    sources.addresses = [] { return std::vector<std::string>{"10.0.0.7"}; };
    sources.packages = [packages] {
        niamd::client::PackageList list;
        list.text = *packages;
        return list;
    };
    return niamd::client::InventoryCollector(sources);
}

}  // namespace

TEST_CASE("master: an inventory sent through SQS in parts is assembled and served with its changes on /api/inventory",
          "[integration][master]") {
    stack::FaultGuard faults;
    stack::LocalStack::get().reset_counts();
    MasterScenario s;
    s.config.warn_after = 30;
    s.config.purge_after = 60;
    s.start_master();

    const std::filesystem::path client_dir = s.dir / "client";
    std::filesystem::create_directories(client_dir);
    std::ofstream(client_dir / "niam.conf") << "INVENTORY 60\n";
    niamd::client::ConfigSource config(nullptr, "", "inventory-host", client_dir, client_dir / "niam.conf");
    config.refresh();
    auto packages = std::make_shared<std::string>();
    for (int i = 0; i < 3000; ++i)
        *packages += "package-with-a-long-name-" + std::to_string(i) + "\t1.0-" + std::to_string(i) + "\n";
    *packages += "openssl\t3.0.11-1~deb12u2\n";
    niamd::client::InventorySource source({kInstance, "inventory-host"}, config, client_dir / "inventory.digest",
                                          collector(packages));

    const auto ping = MasterScenario::ping("inventory-host", kInstance);
    const std::int64_t t = ping.time;
    s.send({ping});
    auto parts = source.collect(t - 10);
    REQUIRE(parts.size() >= 2);
    std::reverse(parts.begin(), parts.end());
    for (const auto& part : parts) s.send({part});  // one message each, the last part first
    source.kept(true);
    REQUIRE(MasterScenario::wait_until([&] { return s.snapshot()->counters.inventories_received == 1; }, 10s));

    // openssl upgraded, curl added: one record's worth of change, sent whole again.
    *packages += "curl\t7.88.1-10+deb12u5\n";
    *packages = std::string(*packages).replace(packages->find("3.0.11-1~deb12u2"), 16, "3.0.13-1~deb12u1");
    const auto changed = source.collect(t);
    REQUIRE_FALSE(changed.empty());
    s.send(changed);
    REQUIRE(MasterScenario::wait_until([&] { return s.snapshot()->counters.inventories_received == 2; }, 10s));
    CHECK(s.snapshot()->counters.inventories_refused == 0);
    CHECK(s.snapshot()->counters.inventory_parts_dropped == 0);

    scenario::MasterWeb web(s);
    const auto res = web.get("/api/inventory?host=inventory-host");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(contains(res->body, "\"time\":" + std::to_string(t) + ","));
    CHECK(contains(res->body, R"x("os":{"name":"Debian GNU/Linux 12 (bookworm)","id":"debian","version":"12"})x"));
    CHECK(contains(res->body, R"x("cpu":{"model":"Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz","count":2})x"));
    CHECK(contains(res->body, R"("addresses":["10.0.0.7"])"));
    CHECK(contains(res->body, R"({"name":"package-with-a-long-name-2999","version":"1.0-2999"})"));
    CHECK(contains(
        res->body,
        R"({"time":)" + std::to_string(t) +
            R"(,"kind":"package_upgraded","name":"openssl","old":"3.0.11-1~deb12u2","new":"3.0.13-1~deb12u1"})"));
    CHECK(contains(res->body, R"("kind":"package_added","name":"curl","old":"","new":"7.88.1-10+deb12u5")"));
    CHECK(web.get("/api/inventory?host=nobody")->status == 404);
    web.stop();
    s.stop_master();
    REQUIRE_NOTHING_REJECTED();
}
