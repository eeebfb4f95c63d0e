// The inventory rows of the history store: the latest inventory of each host (its canonical
// text, inventory/inventory.hpp) and its change log (package added, removed, upgraded;
// kernel or OS changed), at most kMaxInventoryChangesPerHost entries per host, the newest
// kept; older ones pruned with RETENTION; both forgotten with the host.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace niamd::store {

inline constexpr std::size_t kMaxInventoryChangesPerHost = 1000;

// One complete inventory as the master assembled it.
struct InventoryRow {
    std::string hostname;
    std::string instance;
    std::int64_t time = 0;  // the records' TIME
    std::string digest;
    std::string text;  // canonical text
};

struct InventoryChangeRow {
    std::int64_t time = 0;
    std::string kind;  // inventory::to_string(ChangeKind): "package_added", ...
    std::string name;
    std::string old_value;
    std::string new_value;
};

struct StoredInventory {
    std::int64_t time = 0;
    std::string digest;
    std::string text;
    std::vector<InventoryChangeRow> changes;  // newest first
};

}  // namespace niamd::store
