// A host's inventory as INVENTORY records, and back (docs/protocol.md, "INVENTORY"):
// `INSTANCE,HOSTNAME,INVENTORY,DIGEST,PART/PARTS,TIME,ITEMS`. The canonical text
// (inventory/inventory.hpp) is cut at item boundaries into parts of at most
// kInventoryPartBytes; the items of all parts joined by ';' are the canonical text again,
// whose digest is DIGEST. A master applies an inventory only once it holds every part.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/record.hpp"

namespace niamd::protocol {

// Items per part: within the 64 KiB a field may hold, leaving room for the other fields.
inline constexpr std::size_t kInventoryPartBytes = 60000;
// Parts of one inventory (the canonical text's bound over kInventoryPartBytes, rounded up).
inline constexpr int kMaxInventoryParts = 300;

struct InventoryPart {
    int part = 1;  // 1-based
    int parts = 1;
};

// "N/M" with 1 <= N <= M <= kMaxInventoryParts, digits only.
std::optional<InventoryPart> parse_inventory_part(std::string_view text);

// The records of one inventory, stamped `time`, in part order. Empty text: one empty part.
std::vector<Record> inventory_records(const std::string& instance, const std::string& hostname,
                                      std::string_view canonical, std::int64_t time);

}  // namespace niamd::protocol
