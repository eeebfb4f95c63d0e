// Runs the local ALERT_SCRIPT for an alert: `path SUBJECT MESSAGE` through
// process::run_child (process/child_process.hpp: no shell, its own process group, default
// signal dispositions, no inherited descriptor, only PATH and LANG, stdin and
// stdout/stderr on /dev/null), the whole group killed after `timeout`. Blocks the
// calling thread.
#pragma once

#include <chrono>
#include <string>

#include <awsrest/result.hpp>

namespace niamd::master {

// Ok when the program ran and exited 0; else an error naming the path and what happened.
awsrest::Result<void> run_alert_script(const std::string& path, const std::string& subject, const std::string& message,
                                       std::chrono::milliseconds timeout = std::chrono::seconds(30));

}  // namespace niamd::master
