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

namespace niamd::checks {

// The whole environment a script gets.
inline constexpr const char* kScriptPath = "PATH=/usr/sbin:/usr/bin:/sbin:/bin";
inline constexpr const char* kScriptLang = "LANG=C";

// A plain file name: not empty, no '/', no "..", no NUL.
bool is_plain_script_name(std::string_view name);

// Kills (SIGKILL, whole process group) every script still running: for a daemon that
// stops in the middle of a check round, so no script outlives it. Thread-safe.
void kill_running_scripts() noexcept;

// What plugins leave behind. A plugin's process group is killed when the plugin exits; a
// child that left the group (setsid) escapes that. Made the subreaper of its descendants
// (PR_SET_CHILD_SUBREAPER), this process inherits such orphans instead of init, and
// sweep_plugin_leftovers() kills and reaps every child of this process that is not a
// plugin running now: the client calls it after each round, so at most one round's
// leftovers exist at a time. Each one is counted and logged.
bool adopt_plugin_orphans();  // false (errno set) when the kernel refuses
std::size_t sweep_plugin_leftovers();  // the processes killed or reaped now
std::uint64_t plugin_leftovers_total() noexcept;  // since start

class ScriptCheck final : public Check {
public:
    ScriptCheck(std::filesystem::path scripts_dir, std::string name, std::vector<std::string> args)
        : scripts_dir_(std::move(scripts_dir)), name_(std::move(name)), args_(std::move(args)) {}
    // Runs scripts_dir/name with args and no shell, in its own process group, with the
    // environment above, stdin from /dev/null, stdout read (the first
    // kMaxPluginStdoutBytes kept), stderr discarded. At the timeout the whole group is
    // killed (SIGKILL) and the outcome is UNKNOWN. Otherwise parse_plugin_output gives
    // the outcome: ok only for exit code 0.
    CheckOutcome run(std::chrono::milliseconds timeout) override;

private:
    std::filesystem::path scripts_dir_;
    std::string name_;
    std::vector<std::string> args_;
};

}  // namespace niamd::checks
