// Client: the monitored host's side of niam. Every INTERVAL seconds one cycle: a PING
// record plus one record per configured check (run concurrently, each within TIMEOUT),
// packed into as few queue messages as fit (normally one) and handed to Delivery. Every
// --config-refresh seconds, and on SIGHUP, the config and scripts are re-read from S3.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include <awsrest/clock.hpp>

#include "client/client_identity.hpp"
#include "client/config_source.hpp"
#include "client/delivery.hpp"
#include "client/problem_report.hpp"
#include "client/script_sync.hpp"

namespace niamd::client {

class Client {
public:
    // scripts: null when scripts do not come from S3 (--config FILE).
    Client(ClientIdentity identity, std::filesystem::path scripts_dir, ConfigSource& config, ScriptSync* scripts,
           Delivery& delivery, awsrest::Clock& clock, int config_refresh_seconds);

    // One cycle: heartbeat and checks (and a PROBLEM record while the fetched config is
    // refused), delivered (or spooled).
    DeliveryReport run_cycle();
    // Cycles until a stop is requested (daemon::request_stop / SIGTERM); once: one cycle.
    // Returns the last cycle's report (for --once's exit status).
    DeliveryReport run(bool once);
    // Re-reads the config and syncs the scripts now.
    void reload();

private:
    ClientIdentity identity_;
    std::filesystem::path scripts_dir_;
    ConfigSource& config_;
    ScriptSync* scripts_;
    Delivery& delivery_;
    awsrest::Clock& clock_;
    int config_refresh_seconds_;
    ProblemReport config_problem_{"config"};  // a refused config, told to the master
};

}  // namespace niamd::client
