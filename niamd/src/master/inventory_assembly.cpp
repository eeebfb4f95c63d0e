#include "master/inventory_assembly.hpp"

#include <algorithm>

namespace niamd::master {

void InventoryAssembly::drop(std::map<store::HostKey, Pending>::iterator it) {
    const Pending& pending = it->second;
    dropped_ += pending.parts.size() - pending.missing;
    bytes_ -= pending.bytes;
    pending_.erase(it);
}

std::optional<CompleteInventory> InventoryAssembly::add(const store::HostKey& host, const std::string& digest, int part,
                                                        int parts, std::string items, std::int64_t time) {
    if (part < 1 || part > parts) {
        ++dropped_;
        return std::nullopt;
    }
    auto it = pending_.find(host);
    if (it != pending_.end() &&
        (it->second.digest != digest || it->second.parts.size() != static_cast<std::size_t>(parts))) {
        drop(it);
        it = pending_.end();
    }
    if (it == pending_.end()) {
        Pending fresh;
        fresh.digest = digest;
        fresh.parts.resize(static_cast<std::size_t>(parts));
        fresh.missing = fresh.parts.size();
        it = pending_.emplace(host, std::move(fresh)).first;
    }
    Pending& pending = it->second;
    auto& slot = pending.parts[static_cast<std::size_t>(part - 1)];
    if (slot) return std::nullopt;  // the same part again (a resent message)
    if (bytes_ + items.size() > kMaxAssemblingBytes) {
        ++dropped_;
        if (pending.missing == pending.parts.size()) pending_.erase(it);
        return std::nullopt;
    }
    bytes_ += items.size();
    pending.bytes += items.size();
    pending.time = std::max(pending.time, time);
    slot = std::move(items);
    if (--pending.missing > 0) return std::nullopt;

    CompleteInventory complete;
    complete.digest = pending.digest;
    complete.time = pending.time;
    complete.text.reserve(pending.bytes + pending.parts.size());
    for (std::size_t i = 0; i < pending.parts.size(); ++i) {
        if (i > 0) complete.text.push_back(';');
        complete.text += *pending.parts[i];
    }
    bytes_ -= pending.bytes;
    pending_.erase(it);
    return complete;
}

void InventoryAssembly::forget(const store::HostKey& host) {
    const auto it = pending_.find(host);
    if (it != pending_.end()) {
        bytes_ -= it->second.bytes;
        pending_.erase(it);
    }
}

}  // namespace niamd::master
