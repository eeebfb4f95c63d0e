// run_plugin: runs one plugin (a SCRIPT check, a METRIC plugin, an INSTANCE_ID command)
// through process::run_child (process/child_process.hpp: no shell, its own process group,
// a bare environment, stdout read and bounded, the whole group killed at the timeout) and
// says in a short sentence naming the plugin why it did not run or did not finish.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace niamd::checks {

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

// Runs `program` through process::run_child: without a shell, stdin /dev/null, stdout read
// (the first kMaxPluginStdoutBytes kept, the rest read and dropped so it never blocks),
// stderr discarded, no other descriptor, default signal dispositions, only PATH and LANG
// (process::kChildPath, kChildLang), in a process group of its own that is killed once the program exits (what it started in
// the group does not outlive it) or at `timeout`. `stopping`, when given, is polled every
// 100 ms; when it answers true the group is killed and the run ends Stopped. Never throws.
PluginRun run_plugin(const PluginProgram& program, std::chrono::milliseconds timeout,
                     const std::function<bool()>& stopping = {});

// A plain file name: not empty, no '/', no "..", no NUL.
bool is_plain_script_name(std::string_view name);

// "script 'x'": `what` and the name, quoted, printable and bounded.
std::string shown_program(std::string_view what, std::string_view name);

}  // namespace niamd::checks
