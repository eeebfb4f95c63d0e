#include "master/service_registry.hpp"

#include <algorithm>

namespace niamd::master {

ServiceRegistry::Change ServiceRegistry::apply(const store::HostKey& host, const std::string& digest,
                                               std::vector<protocol::RegisteredService> services, std::int64_t now) {
    Change change;
    HostServices& current = hosts_[host];
    if (current.digest == digest) return change;
    change.changed = true;
    std::sort(services.begin(), services.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    std::vector<ServiceView> next;
    next.reserve(services.size());
    for (auto& service : services) {
        const auto old = std::find_if(current.services.begin(), current.services.end(),
                                      [&](const ServiceView& v) { return v.service.name == service.name; });
        ServiceView view;
        if (old == current.services.end()) {
            change.added.push_back(service);
            view.registered_at = now;
        } else if (old->service.type != service.type) {
            // The same name, another type: another check (its old one is removed).
            change.removed.push_back(old->service);
            change.added.push_back(service);
            view.registered_at = now;
        } else {
            view.registered_at = old->registered_at;
            view.missing = old->missing;
        }
        view.service = std::move(service);
        next.push_back(std::move(view));
    }
    for (const auto& old : current.services) {
        const bool kept = std::any_of(next.begin(), next.end(),
                                      [&](const ServiceView& v) { return v.service.name == old.service.name; });
        if (!kept) change.removed.push_back(old.service);
    }
    current.digest = digest;
    current.services = std::move(next);
    return change;
}

const HostServices* ServiceRegistry::find(const store::HostKey& host) const {
    const auto it = hosts_.find(host);
    return it == hosts_.end() ? nullptr : &it->second;
}

std::vector<store::HostKey> ServiceRegistry::hosts() const {
    std::vector<store::HostKey> out;
    out.reserve(hosts_.size());
    for (const auto& [key, services] : hosts_) out.push_back(key);
    return out;
}

}  // namespace niamd::master
