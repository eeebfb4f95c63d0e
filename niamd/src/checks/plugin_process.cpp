#include "checks/plugin_process.hpp"

#include <sys/stat.h>

#include <cerrno>

#include "checks/check.hpp"
#include "checks/host_address.hpp"
#include "metrics/plugin_output.hpp"
#include "process/child_process.hpp"

namespace niamd::checks {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kMaxQuotedNameBytes = 64;

// The name as shown in an outcome: printable, bounded.
std::string shown_name(std::string_view name) {
    std::string text = "'";
    for (const char c : name.substr(0, kMaxQuotedNameBytes)) {
        const auto u = static_cast<unsigned char>(c);
        text += (u < 0x20 || u >= 0x7f) ? '?' : c;
    }
    if (name.size() > kMaxQuotedNameBytes) text += "...";
    return text + "'";
}

}  // namespace

bool is_plain_script_name(std::string_view name) {
    return !name.empty() && name != "." && name.find('/') == std::string_view::npos &&
           name.find("..") == std::string_view::npos && name.find('\0') == std::string_view::npos;
}

std::string shown_program(std::string_view what, std::string_view name) {
    return std::string(what) + " " + shown_name(name);
}

PluginRun run_plugin(const PluginProgram& program, std::chrono::milliseconds timeout,
                     const std::function<bool()>& stopping) {
    const auto start = Clock::now();
    const std::string shown = shown_program(program.what, program.name);
    PluginRun run;
    auto not_started = [&](std::string problem) {
        run.ending = PluginEnding::NotStarted;
        run.problem = std::move(problem);
        run.latency_ms = milliseconds_since(start);
        return run;
    };
    struct stat info {};
    if (::stat(program.path.c_str(), &info) != 0) {
        if (errno == ENOENT || errno == ENOTDIR) {
            return not_started(shown + " not found in " + program.path.parent_path().string());
        }
        return not_started("cannot stat " + shown + ": " + system_error_text(errno));
    }
    if (!S_ISREG(info.st_mode)) return not_started(shown + " is not a regular file");
    if ((info.st_mode & (S_IXUSR | S_IXGRP | S_IXOTH)) == 0) return not_started(shown + " is not executable");

    process::ChildProgram child;
    child.path = program.path;
    child.args = program.args;
    child.max_stdout_bytes = program.max_stdout_bytes;
    process::ChildRun ran = process::run_child(child, timeout, stopping);
    run.stdout_text = std::move(ran.stdout_text);
    run.latency_ms = milliseconds_since(start);
    switch (ran.ending) {
        case process::ChildEnding::NotStarted:
            if (ran.error == ENOEXEC) return not_started(shown + " cannot be executed (no '#!' line?)");
            if (ran.error == ENOENT)
                return not_started("cannot start " + shown + ": its '#!' interpreter was not found");
            if (ran.error == EACCES) return not_started(shown + " is not executable");
            return not_started("cannot start " + shown + ": " + system_error_text(ran.error));
        case process::ChildEnding::TimedOut:
            run.ending = PluginEnding::TimedOut;
            run.problem = shown + " " + timed_out_text(timeout) + " and was killed";
            return run;
        case process::ChildEnding::Stopped:
            run.ending = PluginEnding::Stopped;
            run.problem = shown + " was killed: niamd is stopping";
            return run;
        case process::ChildEnding::StatusLost:
            run.ending = PluginEnding::StatusLost;
            run.problem = "exit status of " + shown + " lost (is SIGCHLD ignored?)";
            return run;
        case process::ChildEnding::Exited: break;
    }
    run.ending = PluginEnding::Exited;
    run.exit_code = ran.exit_code;
    return run;
}

}  // namespace niamd::checks
