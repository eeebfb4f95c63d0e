#include "client/service_source.hpp"

#include <algorithm>

#include "files/atomic_file.hpp"
#include "log/log.hpp"
#include "protocol/service_record.hpp"
#include "services/service_check.hpp"

namespace niamd::client {
namespace {

constexpr std::size_t kMaxRegisteredFileBytes = 4 * 1024 * 1024;

}  // namespace

ServiceSource::ServiceSource(ClientIdentity identity, const ConfigSource& config, std::filesystem::path dir,
                             std::function<bool()> stop_requested, ServiceCheckMaker make,
                             std::filesystem::path state_dir)
    : identity_(std::move(identity)),
      config_(config),
      dir_(std::move(dir)),
      stop_requested_(std::move(stop_requested)),
      make_(std::move(make)),
      registered_file_(state_dir.empty() ? std::filesystem::path() : state_dir / "services.registered") {
    if (!make_) {
        services::ServiceHost host;
        host.fqdn = identity_.hostname;
        host.state_dir = state_dir;
        make_ = [host](const services::ServiceDefinition& def) { return services::make_service_check(def, host); };
    }
    if (!registered_file_.empty()) {
        if (auto text = files::read_small_file(registered_file_, kMaxRegisteredFileBytes))
            registered_ = std::move(*text);
    }
    reload();
}

void ServiceSource::reload() {
    catalog_ = services::load_monitoring_info(dir_);
    for (const auto& problem : catalog_.problems) log::warning("monitoring-info: " + problem.text());
    // Services gone (or renamed) lose their schedule; new ones run at the next round.
    std::map<std::string, std::int64_t> kept;
    for (const auto& def : catalog_.services) {
        if (auto it = last_run_.find(def.name); it != last_run_.end()) kept.insert(*it);
    }
    last_run_ = std::move(kept);
    const std::string text = protocol::registration_text(services::registered_services(catalog_.services));
    // At start a host with services registers them again (the master may have forgotten
    // them); without services it registers only when it had some before.
    const bool at_start = registrations_sent_ == 0;
    if (text != registered_ || (at_start && !catalog_.services.empty())) {
        if (registrations_sent_ > 0) {
            log::info("monitoring-info: " + std::to_string(catalog_.services.size()) + " service(s) from " +
                      std::to_string(catalog_.files) + " file(s) in " + dir_.string() + ", registered again");
        }
        registration_due_ = true;
    }
}

int ServiceSource::interval_of(const services::ServiceDefinition& def) const {
    return def.interval.value_or(config_.config().interval);
}

std::int64_t ServiceSource::next_due(std::int64_t now) const {
    if (registration_due_) return now;
    std::int64_t earliest = kNever;
    for (const auto& def : catalog_.services) {
        const auto it = last_run_.find(def.name);
        if (it == last_run_.end()) return now;
        earliest = std::min(earliest, it->second + interval_of(def));
    }
    return earliest;
}

std::vector<protocol::Record> ServiceSource::collect(std::int64_t now) {
    std::vector<protocol::Record> records;
    registration_in_flight_ = false;
    if (registration_due_) {
        const auto registered = services::registered_services(catalog_.services);
        pending_registration_ = protocol::registration_text(registered);
        records = protocol::registration_records(identity_.instance, identity_.hostname, registered, now);
        registration_in_flight_ = true;
    }
    // The due services, as SCRIPT-like specs so the runner also reads their perfdata.
    std::vector<config::CheckSpec> specs;
    std::vector<const services::ServiceDefinition*> due;
    int timeout = 1;
    for (const auto& def : catalog_.services) {
        const auto it = last_run_.find(def.name);
        if (it != last_run_.end() && it->second + interval_of(def) > now) continue;
        config::CheckSpec spec;
        spec.kind = config::CheckKind::Script;
        spec.script = def.name;
        spec.retries = def.retries;
        spec.recover = def.recover;
        spec.flap_changes = def.flap_changes.value_or(0);
        specs.push_back(std::move(spec));
        due.push_back(&def);
        timeout = std::max(timeout, def.timeout.value_or(config_.config().timeout));
    }
    if (!specs.empty()) {
        checks::CheckContext context;
        context.instance = identity_.instance;
        context.hostname = identity_.hostname;
        context.timeout = std::chrono::seconds(timeout);
        context.now = now;
        context.stopping = stop_requested_;
        std::map<std::string, const services::ServiceDefinition*> by_name;
        for (const auto* def : due) by_name[def->name] = def;
        auto results = checks::run_checks(
            specs, context, [&](const config::CheckSpec& spec) { return make_(*by_name.at(spec.script)); });
        if (stop_requested_ && stop_requested_()) return records;  // a half round would read as failures
        for (auto& record : results) {
            if (record.kind == protocol::RecordKind::Script) {
                const auto it = by_name.find(record.target);
                record.kind = protocol::RecordKind::Service;
                record.port_or_arg = it != by_name.end() ? std::string(services::to_string(it->second->type)) : "?";
            }
            records.push_back(std::move(record));
        }
        for (const auto* def : due) last_run_[def->name] = now;
    }
    return records;
}

void ServiceSource::kept(bool ok) {
    if (!registration_in_flight_) return;
    registration_in_flight_ = false;
    if (!ok) return;  // sent again at the next collect
    registered_ = pending_registration_;
    registration_due_ = false;
    ++registrations_sent_;
    if (registered_file_.empty()) return;
    if (auto written = files::write_file_atomically(registered_file_, registered_, 0600); !written) {
        log::warning("monitoring-info: could not keep the registration in " + registered_file_.string() + ": " +
                     written.error().message);
    }
}

}  // namespace niamd::client
