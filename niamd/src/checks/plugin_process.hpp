// run_plugin: runs one program the way niamd runs every plugin (a SCRIPT check, a METRIC
// plugin, an INSTANCE_ID command): no shell, its own process group, a bare environment,
// stdout read and bounded, the whole group killed at the timeout. Also the registry of the
// plugins running now, so a stopping daemon can kill them, and the sweep of what they leave.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace niamd::checks {

// The whole environment a plugin gets.
inline constexpr const char* kScriptPath = "PATH=/usr/sbin:/usr/bin:/sbin:/bin";
inline constexpr const char* kScriptLang = "LANG=C";

// The program to run and how messages name it: `what` is "script", "metric plugin",
// "command"; `name` is shown quoted ("script 'check_disk' not found in /var/lib/niam/scripts").
struct PluginProgram {
    std::filesystem::path path;
    std::vector<std::string> args;
    std::string what = "script";
    std::string name;
    // Bytes of stdout kept (the rest is read and dropped). Plugins: kMaxPluginStdoutBytes;
    // a package list (client/inventory_collector.hpp) needs more.
    std::size_t max_stdout_bytes = 64 * 1024;
};

enum class PluginEnding {
    Exited,      // exit_code holds the exit status, or minus the signal that ended it
    NotStarted,  // missing, not a regular file, not executable, no interpreter: see problem
    TimedOut,    // killed (the whole group) at the timeout
    Stopped,     // killed because `stopping` answered true
    StatusLost,  // it ran, but its exit status could not be had (SIGCHLD ignored)
};

struct PluginRun {
    PluginEnding ending = PluginEnding::NotStarted;
    int exit_code = 3;        // Exited only
    std::string stdout_text;  // the first kMaxPluginStdoutBytes it wrote (read in every ending)
    std::string problem;      // every ending but Exited: a short sentence naming the program
    int latency_ms = 0;
};

// Runs `program` without a shell: stdin /dev/null, stdout read (the first
// kMaxPluginStdoutBytes kept, the rest read and dropped so it never blocks), stderr
// discarded, no other descriptor, default signal dispositions, only the environment above,
// in a process group of its own that is killed once the program exits (what it started in
// the group does not outlive it) or at `timeout`. `stopping`, when given, is polled every
// 100 ms; when it answers true the group is killed and the run ends Stopped. Never throws.
PluginRun run_plugin(const PluginProgram& program, std::chrono::milliseconds timeout,
                     const std::function<bool()>& stopping = {});

// A plain file name: not empty, no '/', no "..", no NUL.
bool is_plain_script_name(std::string_view name);

// "script 'x'": `what` and the name, quoted, printable and bounded.
std::string shown_program(std::string_view what, std::string_view name);

// Kills (SIGKILL, whole process group) every plugin still running: for a daemon that
// stops in the middle of a round, so no plugin outlives it. Thread-safe.
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

}  // namespace niamd::checks
