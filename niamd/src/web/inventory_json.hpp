// GET /api/inventory (docs/api.md): a host's latest inventory with its change log. A pure
// function of the row read from the history store, so it is tested without a server.
#pragma once

#include <optional>
#include <string>

#include "store/history_store.hpp"

namespace niamd::web {

// {"host", "instance", "time", "digest", "kernel", "os": {"name", "id", "version"},
//  "cpu": {"model", "count"}, "memory_bytes", "addresses": [...],
//  "packages": [{"name", "version"}...], "changes": [{"time", "kind", "name", "old", "new"}...]}.
// No inventory yet: "time" and the facts null, the lists empty.
std::string inventory_json(const store::HostKey& host, const std::optional<store::StoredInventory>& stored);

}  // namespace niamd::web
