// HeartbeatSource: every INTERVAL seconds a PING record plus one record per configured check
// without an interval of its own (check_source.hpp runs those)
// (run concurrently, each within TIMEOUT), and a PROBLEM record while the fetched config is
// refused. The one source that delivers at once: its round's message carries what the other
// sources made since the last heartbeat.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>

#include "client/client_identity.hpp"
#include "client/config_source.hpp"
#include "client/problem_report.hpp"
#include "client/source.hpp"

namespace niamd::client {

class HeartbeatSource final : public Source {
  public:
    HeartbeatSource(ClientIdentity identity, std::filesystem::path scripts_dir, const ConfigSource& config,
                    std::function<bool()> stop_requested);

    std::string_view name() const override { return "heartbeat"; }
    std::int64_t next_due(std::int64_t now) const override;
    // Stopped mid-round: nothing (abandoned checks would read as failures on the master; the
    // next start begins a fresh round).
    std::vector<protocol::Record> collect(std::int64_t now) override;
    bool delivers_now() const override { return true; }

  private:
    ClientIdentity identity_;
    std::filesystem::path scripts_dir_;
    const ConfigSource& config_;
    std::function<bool()> stop_requested_;
    std::optional<std::int64_t> last_;
    ProblemReport config_problem_{"config"};  // a refused config, told to the master
};

}  // namespace niamd::client
