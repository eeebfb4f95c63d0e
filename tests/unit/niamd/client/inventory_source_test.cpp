// InventorySource on explicit times (the loop's injected clock): INVENTORY schedules it, an
// unchanged inventory is not sent again, the digest is kept only once the outbox holds the
// records, and a restart remembers it.
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "client/config_source.hpp"
#include "client/inventory_source.hpp"
#include "support/temp_dir.hpp"

using niamd::client::ConfigSource;
using niamd::client::InventoryCollector;
using niamd::client::InventorySource;
using niamd::client::InventorySources;
using niamd::client::PackageList;
using niamd::client::Source;
using niamd::protocol::RecordKind;

namespace {

struct LocalConfig {
    test_support::TempDir dir{"niam-isource"};
    ConfigSource source{nullptr, "", "web1", dir.path(), dir.path() / "niam.conf"};
    explicit LocalConfig(const std::string& text) { set(text); }
    void set(const std::string& text) {
        dir.write("niam.conf", text);
        source.refresh();
    }
};

// A host whose package list the test changes.
struct FakeHost {
    std::shared_ptr<std::string> packages = std::make_shared<std::string>("bash\t5.2\n");
    InventoryCollector collector() const {
        InventorySources sources;
        sources.root = "/nonexistent-niam-root";
        sources.kernel = [] { return std::string("Linux 6.1.0 x86_64"); };
        sources.addresses = [] { return std::vector<std::string>{"10.0.0.5"}; };
        sources.packages = [list = packages] {
            PackageList out;
            out.text = *list;
            return out;
        };
        return InventoryCollector(sources);
    }
};

}  // namespace

TEST_CASE("inventory source: INVENTORY sets the schedule and 0 turns it off", "[inventory]") {
    LocalConfig config("INVENTORY 3600\n");
    FakeHost host;
    InventorySource source({"NOT-AWS", "web1"}, config.source, config.dir.path() / "inventory.digest",
                           host.collector());
    CHECK(source.name() == "inventory");
    CHECK(source.next_due(1000) == 1000);  // at start
    source.collect(1000);
    CHECK(source.next_due(1001) == 4600);
    config.set("INVENTORY 0\n");
    CHECK(source.next_due(1001) == Source::kNever);
    CHECK_FALSE(source.delivers_now());
}

TEST_CASE("inventory source: only a changed inventory is sent and its digest kept once in the outbox", "[inventory]") {
    LocalConfig config("INVENTORY 60\n");
    FakeHost host;
    const auto digest_file = config.dir.path() / "inventory.digest";
    InventorySource source({"NOT-AWS", "web1"}, config.source, digest_file, host.collector());

    auto first = source.collect(1000);
    REQUIRE(first.size() == 1);
    CHECK(first[0].kind == RecordKind::Inventory);
    CHECK(first[0].time == 1000);
    CHECK(first[0].output->find("package=bash 5.2") != std::string::npos);
    CHECK(source.sent_digest().empty());  // not before the outbox kept it
    CHECK_FALSE(std::filesystem::exists(digest_file));
    source.kept(false);  // the outbox could not write it: sent again at the next collection
    CHECK(source.collect(1060).size() == 1);
    source.kept(true);
    CHECK(source.sent_digest() == first[0].target);
    CHECK(std::filesystem::exists(digest_file));

    CHECK(source.collect(1120).empty());  // unchanged
    source.kept(true);
    *host.packages = "bash\t5.2\ncurl\t7.88\n";
    auto changed = source.collect(1180);
    REQUIRE(changed.size() == 1);
    CHECK(changed[0].target != first[0].target);
    source.kept(true);

    // A restart reads the digest: the unchanged inventory is not sent again.
    InventorySource restarted({"NOT-AWS", "web1"}, config.source, digest_file, host.collector());
    CHECK(restarted.sent_digest() == changed[0].target);
    CHECK(restarted.collect(2000).empty());
}

TEST_CASE("inventory source: a failing package manager sends nothing and keeps the last digest", "[inventory]") {
    LocalConfig config("INVENTORY 60\n");
    InventorySources sources;
    sources.root = "/nonexistent-niam-root";
    sources.kernel = [] { return std::string("Linux"); };
    sources.addresses = [] { return std::vector<std::string>{}; };
    sources.packages = [] {
        PackageList list;
        list.error = "rpm exited with 1";
        return list;
    };
    InventorySource source({"NOT-AWS", "web1"}, config.source, config.dir.path() / "d", InventoryCollector(sources));
    CHECK(source.collect(1000).empty());
    source.kept(true);
    CHECK(source.sent_digest().empty());
    CHECK(source.next_due(1001) == 1060);
    CHECK(source.counts().read_errors >= 1);
}
