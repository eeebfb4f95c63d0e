// ServiceSource: the services of the host's monitoring-info folder (/etc/monitoring-info,
// docs/monitoring-info.md). It reads the folder at start and on every reload (SIGHUP, a
// change of the folder: client/folder_watch.hpp); each service runs on its own `interval`
// (default: the host's INTERVAL), beside the S3 config's checks, as a SERVICE record (plus
// the METRIC records of its perfdata). The set of services goes to the master as SERVICES
// records (protocol/service_record.hpp) at start and whenever a reload changes it; the
// outbox keeps them like a heartbeat. Problems of the files are logged (never a password).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "checks/check_runner.hpp"
#include "client/client_identity.hpp"
#include "client/config_source.hpp"
#include "client/source.hpp"
#include "services/monitoring_info.hpp"

namespace niamd::client {

class ServiceSource final : public Source {
  public:
    // `make`: the check of a definition (services::make_service_check unless a test hands one in).
    using ServiceCheckMaker = std::function<std::unique_ptr<checks::Check>(const services::ServiceDefinition&)>;

    // `state_dir` (STATE_DIR) holds services.registered, the registration last kept in the
    // outbox, across restarts, and the mail-flow token lists: a host that never had services sends none, and one whose
    // files went away while it was down registers its empty set.
    ServiceSource(ClientIdentity identity, const ConfigSource& config, std::filesystem::path dir,
                  std::function<bool()> stop_requested, ServiceCheckMaker make = {},
                  std::filesystem::path state_dir = {});

    std::string_view name() const override { return "services"; }
    // `now` while a registration waits to be sent; else the earliest service due; kNever
    // without services.
    std::int64_t next_due(std::int64_t now) const override;
    std::vector<protocol::Record> collect(std::int64_t now) override;
    void kept(bool ok) override;
    // Reads the folder again; a changed set of services is registered again.
    void reload() override;

    const services::ServiceCatalog& catalog() const noexcept { return catalog_; }
    std::size_t registrations_sent() const noexcept { return registrations_sent_; }

  private:
    int interval_of(const services::ServiceDefinition& def) const;

    ClientIdentity identity_;
    const ConfigSource& config_;
    std::filesystem::path dir_;
    std::function<bool()> stop_requested_;
    ServiceCheckMaker make_;
    std::filesystem::path registered_file_;
    services::ServiceCatalog catalog_;
    std::map<std::string, std::int64_t> last_run_;  // service name → when it last ran
    std::string registered_;                        // registration text last kept in the outbox
    std::string pending_registration_;              // ... returned by the last collect()
    bool registration_due_ = false;                 // reload() says
    bool registration_in_flight_ = false;
    std::size_t registrations_sent_ = 0;
};

}  // namespace niamd::client
