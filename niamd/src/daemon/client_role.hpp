// The client role: wires the client (sources, outbox, delivery) to the daemon.
#pragma once

#include "client/client_identity.hpp"
#include "client/config_source.hpp"
#include "control/control.hpp"
#include "daemon/aws_services.hpp"
#include "daemon/options.hpp"

namespace niamd::daemon {

// --once: the cycle's records did not all reach the queue (no credentials, refused, SQS
// unreachable); they wait in the outbox. 1 is a start-up failure, 2 a usage error.
inline constexpr int kExitNotDelivered = 3;

// Runs until `control` is asked to stop (or one cycle with --once); returns the exit status.
// have_credentials: whether an identity was found at start (told once, in main).
int run_client_role(const Options& options, AwsServices& aws, client::ConfigSource& config,
                    const client::ClientIdentity& identity, bool have_credentials, control::Control& control);

}  // namespace niamd::daemon
