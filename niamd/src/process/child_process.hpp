// run_child: the one way niamd runs a program (a SCRIPT check, a METRIC plugin, an
// INSTANCE_ID command, the master's ALERT_SCRIPT): no shell, stdin /dev/null, stderr
// discarded, no other descriptor, default signal dispositions and an empty signal mask,
// a bare environment, stdout read and bounded (or /dev/null), in a process group of its
// own that is killed when the program exits or at the timeout. While niamd runs as root the
// child is dropped, after fork and before exec, to process::child_account() (the --user
// account, else nobody): no program niamd starts ever runs as root.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace niamd::process {

// The whole environment a child gets.
inline constexpr const char* kChildPath = "PATH=/usr/sbin:/usr/bin:/sbin:/bin";
inline constexpr const char* kChildLang = "LANG=C";

struct ChildProgram {
    std::filesystem::path path;
    std::vector<std::string> args;     // argv[1...]; argv[0] is the path
    std::size_t max_stdout_bytes = 0;  // 0: stdout on /dev/null; else the first N bytes kept
};

enum class ChildEnding {
    Exited,      // exit_code holds the exit status, or minus the signal that ended it
    NotStarted,  // fork or exec failed: error holds its errno (ENOENT, EACCES, ENOEXEC, ...); EPERM
                 // when niamd is root and no account to run it as exists (child_account())
    TimedOut,    // killed (the whole group) at the timeout
    Stopped,     // killed (the whole group) because `stopping` answered true
    StatusLost,  // it ran, but its exit status could not be had: error holds wait's errno
};

struct ChildRun {
    ChildEnding ending = ChildEnding::NotStarted;
    int exit_code = 0;
    int error = 0;
    std::string stdout_text;  // at most max_stdout_bytes; the rest is read and dropped
};

// Runs `program` and waits for it: at most `timeout`, after which the whole process
// group (the program and all it started in it) is killed with SIGKILL. Once the program
// has exited its group is killed too, so nothing it started in it outlives it (a child
// that left the group with setsid escapes that: see running_children.hpp). A child left
// holding stdout open is not waited for. `stopping`, when given, is polled every 100 ms;
// when it answers true the group is killed and the run ends Stopped. Never throws.
ChildRun run_child(const ChildProgram& program, std::chrono::milliseconds timeout,
                   const std::function<bool()>& stopping = {});

}  // namespace niamd::process
