// InventoryAssembly: the parts of each host's inventory received so far (INVENTORY records,
// protocol/inventory_record.hpp), until every part of one digest is there. Parts may come
// in any order and in different messages; a part of another digest starts that host's
// inventory anew (the parts held are dropped, counted). Bounded: one inventory per host
// being assembled, kMaxAssemblingBytes over all hosts (a part past it is dropped, counted).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "store/history_store.hpp"

namespace niamd::master {

inline constexpr std::size_t kMaxAssemblingBytes = 64 * 1024 * 1024;

struct CompleteInventory {
    std::string digest;
    std::string text;       // the parts' items joined by ';': the canonical text
    std::int64_t time = 0;  // the newest part's TIME
};

class InventoryAssembly {
  public:
    // One part. The complete inventory when it was the last one missing.
    std::optional<CompleteInventory> add(const store::HostKey& host, const std::string& digest, int part, int parts,
                                         std::string items, std::int64_t time);
    void forget(const store::HostKey& host);

    std::uint64_t dropped_parts() const noexcept { return dropped_; }
    std::size_t bytes() const noexcept { return bytes_; }

  private:
    struct Pending {
        std::string digest;
        std::vector<std::optional<std::string>> parts;
        std::size_t missing = 0;
        std::size_t bytes = 0;
        std::int64_t time = 0;
    };
    void drop(std::map<store::HostKey, Pending>::iterator it);

    std::map<store::HostKey, Pending> pending_;
    std::size_t bytes_ = 0;
    std::uint64_t dropped_ = 0;
};

}  // namespace niamd::master
