// CheckSource: the checks with an interval of their own (`interval=` on PING, HTTP or
// SCRIPT, docs/config.md) different from INTERVAL; each runs when it is due on its own
// schedule (concurrently with the others due at the same second, each within its timeout).
// Their results wait in the outbox and ride in the next heartbeat's message. The other
// checks run in the heartbeat's round (heartbeat_source.hpp).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>

#include "checks/check_runner.hpp"
#include "client/client_identity.hpp"
#include "client/config_source.hpp"
#include "client/source.hpp"

namespace niamd::client {

// Whether the check runs in the heartbeat's round (no interval of its own, or INTERVAL's).
bool runs_with_heartbeat(const config::CheckSpec& spec, const config::HostConfig& config) noexcept;

class CheckSource final : public Source {
  public:
    // `make` builds each check (tests hand in cheap ones); empty: checks::make_check.
    CheckSource(ClientIdentity identity, std::filesystem::path scripts_dir, const ConfigSource& config,
                std::function<bool()> stop_requested, checks::CheckMaker make = {});

    std::string_view name() const override { return "checks"; }
    std::int64_t next_due(std::int64_t now) const override;
    // Stopped mid-round: nothing, and the checks stay due.
    std::vector<protocol::Record> collect(std::int64_t now) override;

  private:
    // A check's identity across config reloads: what its record names.
    static std::string key_of(const config::CheckSpec& spec);

    ClientIdentity identity_;
    std::filesystem::path scripts_dir_;
    const ConfigSource& config_;
    std::function<bool()> stop_requested_;
    checks::CheckMaker make_;
    std::map<std::string, std::int64_t> last_run_;  // only checks of the current config (bounded by it)
};

}  // namespace niamd::client
