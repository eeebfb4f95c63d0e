// The canonical inventory text, its digest and the changes between two inventories.
#include <catch2/catch.hpp>

#include "inventory/inventory.hpp"

using namespace niamd::inventory;

namespace {

Inventory sample() {
    Inventory inv;
    inv.kernel = "Linux 6.1.0-13-amd64 x86_64";
    inv.os = "Debian GNU/Linux 12 (bookworm)";
    inv.os_id = "debian";
    inv.os_version = "12";
    inv.cpu_model = "Xeon; 2.5=GHz";  // ';' and '=' must survive
    inv.cpu_count = 2;
    inv.memory_bytes = 8232366080;
    inv.addresses = {"10.0.0.5", "fe80::1"};
    inv.packages = {{"bash", "5.2.15-2"}, {"libc6", "2.36-9"}, {"openssl", "3.0.11-1~deb12u2"}};
    return inv;
}

}  // namespace

TEST_CASE("inventory: the canonical text reads back as the same inventory", "[inventory]") {
    const Inventory inv = sample();
    const std::string text = canonical_text(inv);
    CHECK(text.starts_with("kernel=Linux 6.1.0-13-amd64 x86_64;os=Debian GNU/Linux 12 (bookworm);"));
    CHECK(text.find("cpu_model=Xeon%3B 2.5%3DGHz") != std::string::npos);
    CHECK(text.ends_with("package=openssl 3.0.11-1~deb12u2"));
    const auto back = parse_canonical_text(text);
    REQUIRE(back);
    CHECK(*back == inv);
    CHECK(canonical_text(Inventory{}).empty());
    REQUIRE(parse_canonical_text(""));
}

TEST_CASE("inventory: the digest depends on the content only and not on the order collected", "[inventory]") {
    Inventory a = sample();
    Inventory b = sample();
    std::swap(b.packages[0], b.packages[2]);
    std::swap(b.addresses[0], b.addresses[1]);
    normalise(b);
    CHECK(digest_of(canonical_text(a)) == digest_of(canonical_text(b)));
    CHECK(is_digest(digest_of(canonical_text(a))));
    b.packages[1].version = "2.36-10";
    CHECK(digest_of(canonical_text(a)) != digest_of(canonical_text(b)));
    CHECK(digest_of("") == "cbf29ce484222325");  // FNV-1a 64 offset basis
    CHECK_FALSE(is_digest("CBF29CE484222325"));
    CHECK_FALSE(is_digest("cbf29ce48422232"));
}

TEST_CASE("inventory: text that is not canonical is refused with a reason", "[inventory]") {
    std::string error;
    CHECK_FALSE(parse_canonical_text("kernel", &error));
    CHECK(error.find("cannot be read") != std::string::npos);
    CHECK_FALSE(parse_canonical_text("colour=blue", &error));
    CHECK(error == "unknown inventory item \"colour\"");
    CHECK_FALSE(parse_canonical_text("cpu_count=-1", &error));
    CHECK_FALSE(parse_canonical_text("memory_bytes=12x", &error));
    CHECK_FALSE(parse_canonical_text("package= 1.0", &error));
    CHECK_FALSE(parse_canonical_text("package=" + std::string(kMaxNameBytes + 1, 'a'), &error));
    CHECK_FALSE(parse_canonical_text("os=%zz", &error));
}

TEST_CASE("inventory: changes list the kernel and OS and packages added removed and upgraded", "[inventory]") {
    Inventory before = sample();
    Inventory after = sample();
    after.kernel = "Linux 6.1.0-18-amd64 x86_64";
    after.packages = {{"bash", "5.2.15-2"}, {"curl", "7.88.1-10"}, {"openssl", "3.0.13-1~deb12u1"}};
    const Changes changes = changes_between(before, after, 100);
    REQUIRE(changes.changes.size() == 4);
    CHECK(changes.omitted == 0);
    CHECK(changes.changes[0].kind == ChangeKind::KernelChanged);
    CHECK(changes.changes[0].old_value == "Linux 6.1.0-13-amd64 x86_64");
    CHECK(changes.changes[0].new_value == "Linux 6.1.0-18-amd64 x86_64");
    CHECK(changes.changes[1].kind == ChangeKind::PackageAdded);
    CHECK(changes.changes[1].name == "curl");
    CHECK(changes.changes[1].new_value == "7.88.1-10");
    CHECK(changes.changes[2].kind == ChangeKind::PackageRemoved);
    CHECK(changes.changes[2].name == "libc6");
    CHECK(changes.changes[2].old_value == "2.36-9");
    CHECK(changes.changes[3].kind == ChangeKind::PackageUpgraded);
    CHECK(changes.changes[3].name == "openssl");
    CHECK(changes.changes[3].old_value == "3.0.11-1~deb12u2");
    CHECK(changes.changes[3].new_value == "3.0.13-1~deb12u1");
    CHECK(to_string(ChangeKind::PackageUpgraded) == "package_upgraded");
    CHECK(change_kind_from_string("os_changed") == ChangeKind::OsChanged);

    const Changes capped = changes_between(before, after, 2);
    CHECK(capped.changes.size() == 2);
    CHECK(capped.omitted == 2);
    CHECK(changes_between(before, before, 10).changes.empty());
}
