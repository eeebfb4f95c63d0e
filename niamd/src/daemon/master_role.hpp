// The master role: wires the master, its store and its web interface to the daemon.
#pragma once

#include <functional>

#include "client/config_source.hpp"
#include "control/control.hpp"
#include "daemon/aws_services.hpp"
#include "daemon/options.hpp"

namespace niamd::daemon {

// Exit status of a master that lost the leader lease (--leader-lease): EX_TEMPFAIL, started
// again by its service manager, it waits as a standby.
inline constexpr int kLeaseLostExitStatus = 75;

// Runs until `control` is asked to stop (SIGTERM); returns the exit status. Once the web
// interface listens (its port may need root) `drop_privileges` is called (daemon/privileges.hpp):
// false stops the master (exit 1). With options.leader_lease it first waits as a standby (web
// interface only) until it holds the leader lease, and returns kLeaseLostExitStatus when the
// lease is lost.
int run_master_role(const Options& options, AwsServices& aws, client::ConfigSource& config, control::Control& control,
                    const std::function<bool()>& drop_privileges);

}  // namespace niamd::daemon
