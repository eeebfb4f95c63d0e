#include "client/inventory_source.hpp"

#include "files/atomic_file.hpp"
#include "log/log.hpp"
#include "protocol/inventory_record.hpp"

namespace niamd::client {

InventorySource::InventorySource(ClientIdentity identity, const ConfigSource& config, std::filesystem::path digest_file,
                                 InventoryCollector collector)
    : identity_(std::move(identity)),
      config_(config),
      digest_file_(std::move(digest_file)),
      collector_(std::move(collector)) {
    if (auto text = files::read_small_file(digest_file_, 64)) {
        while (!text->empty() && (text->back() == '\n' || text->back() == '\r')) text->pop_back();
        if (inventory::is_digest(*text)) sent_digest_ = std::move(*text);
    }
}

std::int64_t InventorySource::next_due(std::int64_t now) const {
    const int interval = config_.config().inventory;
    if (interval <= 0) return kNever;
    if (!collected_) return now;
    return last_ + interval;
}

std::vector<protocol::Record> InventorySource::collect(std::int64_t now) {
    last_ = now;
    collected_ = true;
    pending_digest_.clear();
    const auto inventory = collector_.collect();
    const auto& counts = collector_.counts();
    if (!counts.last_error.empty() && counts.last_error != last_error_logged_) {
        log::warning("inventory: " + counts.last_error + " (" + std::to_string(counts.read_errors) +
                     " read error(s) since start)");
        last_error_logged_ = counts.last_error;
    }
    if (!inventory) return {};  // tried again after INVENTORY seconds
    const std::string text = inventory::canonical_text(*inventory);
    const std::string digest = inventory::digest_of(text);
    if (digest == sent_digest_) return {};
    pending_digest_ = digest;
    auto records = protocol::inventory_records(identity_.instance, identity_.hostname, text, now);
    log::info("inventory: changed (digest " + digest + ", " + std::to_string(inventory->packages.size()) +
              " package(s)), sending it in " + std::to_string(records.size()) + " record(s)");
    return records;
}

void InventorySource::kept(bool ok) {
    if (pending_digest_.empty()) return;
    std::string digest = std::move(pending_digest_);
    pending_digest_.clear();
    if (!ok) return;  // held in memory by the outbox; sent_digest_ stays, so the next collection resends
    sent_digest_ = digest;
    if (auto written = files::write_file_atomically(digest_file_, digest + "\n", 0600); !written) {
        log::warning("inventory: " + written.error().message +
                     " (an unchanged inventory is sent again after a restart)");
    }
}

}  // namespace niamd::client
