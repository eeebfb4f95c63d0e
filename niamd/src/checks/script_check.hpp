// ScriptCheck: `SCRIPT name [args]` — run a Nagios-convention plugin from the scripts
// directory and report what it printed and how it exited.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "checks/check.hpp"
#include "checks/plugin_process.hpp"  // is_plain_script_name, shown_program, ...

namespace niamd::checks {

class ScriptCheck final : public Check {
  public:
    ScriptCheck(std::filesystem::path scripts_dir, std::string name, std::vector<std::string> args)
        : scripts_dir_(std::move(scripts_dir)), name_(std::move(name)), args_(std::move(args)) {}
    // Runs scripts_dir/name with args through run_plugin (plugin_process.hpp: no shell, own
    // process group, bounded stdout). Killed at the timeout, or not started: UNKNOWN.
    // Otherwise parse_plugin_output gives the outcome: ok only for exit code 0.
    CheckOutcome run(std::chrono::milliseconds timeout) override;

  private:
    std::filesystem::path scripts_dir_;
    std::string name_;
    std::vector<std::string> args_;
};

}  // namespace niamd::checks
