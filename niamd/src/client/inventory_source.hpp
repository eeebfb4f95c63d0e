// InventorySource: the host's inventory (InventoryCollector) at start and every INVENTORY
// seconds, sent as INVENTORY records (protocol/inventory_record.hpp) only when its digest
// differs from the last one sent. That digest is kept in a file (STATE_DIR/inventory.digest),
// written only once the records are in the outbox (kept(true)), so a restart does not send
// an unchanged inventory again and an inventory that never reached the outbox is sent at
// the next collection. INVENTORY 0: off.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "client/client_identity.hpp"
#include "client/config_source.hpp"
#include "client/inventory_collector.hpp"
#include "client/source.hpp"

namespace niamd::client {

class InventorySource final : public Source {
  public:
    InventorySource(ClientIdentity identity, const ConfigSource& config, std::filesystem::path digest_file,
                    InventoryCollector collector = InventoryCollector());

    std::string_view name() const override { return "inventory"; }
    // kNever with INVENTORY 0; `now` before the first collection; else the last one + INVENTORY.
    std::int64_t next_due(std::int64_t now) const override;
    // The records of the inventory when it changed, else none.
    std::vector<protocol::Record> collect(std::int64_t now) override;
    void kept(bool ok) override;

    const std::string& sent_digest() const noexcept { return sent_digest_; }
    const InventoryCounts& counts() const noexcept { return collector_.counts(); }

  private:
    ClientIdentity identity_;
    const ConfigSource& config_;
    std::filesystem::path digest_file_;
    InventoryCollector collector_;
    std::int64_t last_ = 0;
    bool collected_ = false;
    std::string sent_digest_;     // of the last inventory that reached the outbox
    std::string pending_digest_;  // of the records collect() just returned
    std::string last_error_logged_;
};

}  // namespace niamd::client
