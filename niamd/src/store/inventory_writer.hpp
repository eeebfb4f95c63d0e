// The inventory rows (store/inventory_rows.hpp) over one SqlConnection, inside the caller's
// transaction: each new inventory is compared with the host's stored one, the changes
// logged, the row replaced and the log cut to kMaxInventoryChangesPerHost.
#pragma once

#include <optional>
#include <vector>

#include <awsrest/result.hpp>

#include "store/history_store.hpp"
#include "store/sql_connection.hpp"
#include "store/sql_dialect.hpp"

namespace niamd::store {

awsrest::Result<void> write_inventories(SqlConnection& db, const SqlDialect& dialect,
                                        const std::vector<InventoryRow>& rows);
awsrest::Result<void> forget_inventory(SqlConnection& db, const HostKey& host);
awsrest::Result<std::optional<StoredInventory>> read_inventory(SqlConnection& db, const HostKey& host);

}  // namespace niamd::store
