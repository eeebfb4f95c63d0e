// ServiceRegistry: the services each host registered (SERVICES records, a complete set per
// digest: protocol/service_record.hpp). A set with the digest the host already has changes
// nothing. A service registered without a result yet is PENDING, and MISSING once
// 2 × its interval + the host's grace (WARN_AFTER) passed without one (told once).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "protocol/service_record.hpp"
#include "store/history_store.hpp"

namespace niamd::master {

struct ServiceView {
    protocol::RegisteredService service;
    std::int64_t registered_at = 0;  // when the master applied the set that first held it
    bool missing = false;            // MISSING told (no result for 2 × interval + grace)
};

struct HostServices {
    std::string digest;
    std::vector<ServiceView> services;  // ordered by name
};

class ServiceRegistry {
  public:
    struct Change {
        bool changed = false;  // false: the same digest again
        std::vector<protocol::RegisteredService> added;
        std::vector<protocol::RegisteredService> removed;
    };
    Change apply(const store::HostKey& host, const std::string& digest,
                 std::vector<protocol::RegisteredService> services, std::int64_t now);

    // The services of `host` with no result in `has_result` that are now overdue: marked
    // missing (each returned once).
    template <typename HasResult>
    std::vector<protocol::RegisteredService> overdue(const store::HostKey& host, std::int64_t now, int default_interval,
                                                     int grace, HasResult has_result);

    const HostServices* find(const store::HostKey& host) const;
    std::vector<store::HostKey> hosts() const;
    void forget(const store::HostKey& host) { hosts_.erase(host); }
    std::size_t size() const noexcept { return hosts_.size(); }

    // When a registered service without a result is due to be MISSING.
    static std::int64_t missing_at(const ServiceView& view, int default_interval, int grace) {
        const int interval = view.service.interval > 0 ? view.service.interval : default_interval;
        return view.registered_at + 2 * static_cast<std::int64_t>(interval) + grace;
    }

  private:
    std::map<store::HostKey, HostServices> hosts_;
};

template <typename HasResult>
std::vector<protocol::RegisteredService> ServiceRegistry::overdue(const store::HostKey& host, std::int64_t now,
                                                                  int default_interval, int grace,
                                                                  HasResult has_result) {
    std::vector<protocol::RegisteredService> out;
    const auto it = hosts_.find(host);
    if (it == hosts_.end()) return out;
    for (auto& view : it->second.services) {
        if (view.missing || has_result(view.service)) continue;
        if (now < missing_at(view, default_interval, grace)) continue;
        view.missing = true;
        out.push_back(view.service);
    }
    return out;
}

}  // namespace niamd::master
