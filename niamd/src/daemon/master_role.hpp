// The master role: wires the master, its store and its web interface to the daemon.
#pragma once

#include "client/config_source.hpp"
#include "daemon/aws_services.hpp"
#include "daemon/options.hpp"

namespace niamd::daemon {

// Runs until SIGTERM (or one round with --once); returns the exit status.
int run_master_role(const Options& options, AwsServices& aws, client::ConfigSource& config);

}  // namespace niamd::daemon
