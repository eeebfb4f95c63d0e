// InventoryCollector over a fixture tree (tests/data/inventory/debian) and stand-in
// kernel, address and package sources; the readers' bounds.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "client/inventory_collector.hpp"

using niamd::client::InventoryCollector;
using niamd::client::InventorySources;
using niamd::client::PackageList;
using niamd::inventory::Inventory;

namespace {

const std::filesystem::path kDebian = std::filesystem::path(NIAM_TEST_DATA) / "inventory" / "debian";

std::string file_text(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

InventorySources fixture_sources() {
    InventorySources sources;
    sources.root = kDebian;
    sources.kernel = [] { return std::string("Linux 6.1.0-13-amd64 x86_64"); };
    sources.addresses = [] { return std::vector<std::string>{"fe80::1", "10.0.0.5"}; };
    sources.packages = [] {
        PackageList list;
        list.text = file_text(kDebian / "dpkg-query.out");
        return list;
    };
    return sources;
}

}  // namespace

TEST_CASE("inventory collector: the facts come from os-release cpuinfo meminfo and the package list", "[inventory]") {
    InventoryCollector collector(fixture_sources());
    const auto inv = collector.collect();
    REQUIRE(inv);
    CHECK(inv->kernel == "Linux 6.1.0-13-amd64 x86_64");
    CHECK(inv->os == "Debian GNU/Linux 12 (bookworm)");
    CHECK(inv->os_id == "debian");
    CHECK(inv->os_version == "12");
    CHECK(inv->cpu_model == "Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz");
    CHECK(inv->cpu_count == 2);
    CHECK(inv->memory_bytes == 8039420LL * 1024);
    CHECK(inv->addresses == std::vector<std::string>{"10.0.0.5", "fe80::1"});  // sorted
    // "rc" (only config files left) is not installed; libc6 twice (multi-arch) is one package.
    REQUIRE(inv->packages.size() == 3);
    CHECK(inv->packages[0].name == "bash");
    CHECK(inv->packages[0].version == "5.2.15-2+b2");
    CHECK(inv->packages[2].name == "openssl");
    CHECK(collector.counts().cut == 0);
    CHECK(collector.counts().read_errors == 0);
}

TEST_CASE("inventory collector: a missing file costs only its facts and is counted", "[inventory]") {
    auto sources = fixture_sources();
    sources.root = kDebian / "nowhere";
    InventoryCollector collector(sources);
    const auto inv = collector.collect();
    REQUIRE(inv);
    CHECK(inv->os.empty());
    CHECK(inv->cpu_count == 0);
    CHECK(inv->packages.size() == 3);
    CHECK(collector.counts().read_errors == 3);
    CHECK(collector.counts().last_error.find("meminfo: cannot be read") != std::string::npos);
}

TEST_CASE("inventory collector: a failing package manager gives no inventory rather than one without packages",
          "[inventory]") {
    auto sources = fixture_sources();
    sources.packages = [] {
        PackageList list;
        list.error = "dpkg-query exited with 2";
        return list;
    };
    InventoryCollector collector(sources);
    CHECK_FALSE(collector.collect());
    CHECK(collector.counts().last_error == "package list: dpkg-query exited with 2");
    sources.packages = [] { return PackageList{}; };  // no package manager at all
    InventoryCollector none(sources);
    const auto inv = none.collect();
    REQUIRE(inv);
    CHECK(inv->packages.empty());
}

TEST_CASE("inventory collector: packages past the bounds are left out and counted", "[inventory]") {
    Inventory inv;
    std::string text = "good\t1.0\nbad line\n" + std::string(niamd::inventory::kMaxNameBytes + 1, 'n') + "\t1\n" +
                       "two words\t1\nrpm-style\t2.0-1.el9\r\n\n";
    CHECK(niamd::client::read_package_list(text, inv) == 3);
    REQUIRE(inv.packages.size() == 2);
    CHECK(inv.packages[1].name == "rpm-style");
    CHECK(inv.packages[1].version == "2.0-1.el9");

    Inventory many;
    std::string lots;
    for (std::size_t i = 0; i < niamd::inventory::kMaxPackages + 5; ++i) lots += "p" + std::to_string(i) + "\t1\n";
    CHECK(niamd::client::read_package_list(lots, many) == 5);
    CHECK(many.packages.size() == niamd::inventory::kMaxPackages);
}

TEST_CASE("inventory collector: os-release values are unquoted like shell words", "[inventory]") {
    Inventory inv;
    niamd::client::read_os_release("PRETTY_NAME='Fedora Linux 39'\nID=fedora\nVERSION_ID=\"39\"\n# comment\n", inv);
    CHECK(inv.os == "Fedora Linux 39");
    CHECK(inv.os_id == "fedora");
    CHECK(inv.os_version == "39");
    niamd::client::read_os_release("PRETTY_NAME=\"say \\\"hi\\\"\"\n", inv);
    CHECK(inv.os == "say \"hi\"");
}
