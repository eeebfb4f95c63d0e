// The inventory's parsers on arbitrary bytes: the client's readers of /etc/os-release,
// /proc/cpuinfo, /proc/meminfo and the package manager's output, and the master's reader of
// the canonical text that INVENTORY records carry. The first byte picks the parser. Property:
// whatever is read writes a canonical text that reads back as the same inventory, within
// the bounds. Seeds: fuzz/corpus/inventory_text/.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "client/inventory_collector.hpp"
#include "inventory/inventory.hpp"

namespace {

void require(bool condition, const char* what) {
    if (!condition) {
        std::fprintf(stderr, "inventory_text broken: %s\n", what);
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace niamd;
    if (size == 0) return 0;
    const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
    inventory::Inventory inv;
    switch (data[0] % 5) {
        case 0: client::read_os_release(text, inv); break;
        case 1: client::read_cpuinfo(text, inv); break;
        case 2: client::read_meminfo(text, inv); break;
        case 3: client::read_package_list(text, inv); break;
        default: {
            auto parsed = inventory::parse_canonical_text(text);
            if (!parsed) return 0;
            inv = std::move(*parsed);
        }
    }
    require(inv.packages.size() <= inventory::kMaxPackages, "more packages than the bound");
    inventory::normalise(inv);
    const std::string canonical = inventory::canonical_text(inv);
    auto again = inventory::parse_canonical_text(canonical);
    require(again.has_value(), "a canonical text does not read back");
    require(*again == inv, "a canonical text reads back as another inventory");
    require(inventory::is_digest(inventory::digest_of(canonical)), "a digest is not 16 hex digits");
    return 0;
}
