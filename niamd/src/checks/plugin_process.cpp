#include "checks/plugin_process.hpp"

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <set>

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <fstream>
#include <optional>
#include <vector>

#include "checks/check.hpp"
#include "checks/host_address.hpp"
#include "checks/plugin_output.hpp"
#include "checks/unique_fd.hpp"
#include "log/log.hpp"

namespace niamd::checks {
namespace {

using Clock = std::chrono::steady_clock;
// Without a pidfd (kernels before 5.3) the exit is noticed by polling this often.
constexpr int kExitPollMs = 20;
constexpr int kStopPollMs = 100;
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

struct Spawned {
    pid_t pid = -1;
    UniqueFd stdout_fd;  // read end, non-blocking
    int error = 0;       // posix_spawn's error when pid is -1
};

// The script in its own process group, stdin /dev/null, stdout into a pipe, stderr
// /dev/null, no other descriptor, default signal dispositions, `environment` only.
Spawned spawn_script(const std::filesystem::path& path, const std::vector<std::string>& args) {
    Spawned spawned;
    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
        spawned.error = errno;
        return spawned;
    }
    UniqueFd read_end(pipe_fds[0]);
    UniqueFd write_end(pipe_fds[1]);

    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    if (int rc = ::posix_spawn_file_actions_init(&actions); rc != 0) {
        spawned.error = rc;
        return spawned;
    }
    if (int rc = ::posix_spawnattr_init(&attributes); rc != 0) {
        ::posix_spawn_file_actions_destroy(&actions);
        spawned.error = rc;
        return spawned;
    }
    sigset_t no_signals;
    sigset_t all_signals;
    sigemptyset(&no_signals);
    sigfillset(&all_signals);
    int rc = ::posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    if (rc == 0) rc = ::posix_spawn_file_actions_adddup2(&actions, write_end.get(), STDOUT_FILENO);
    if (rc == 0) rc = ::posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    if (rc == 0) rc = ::posix_spawn_file_actions_addclosefrom_np(&actions, STDERR_FILENO + 1);
    if (rc == 0) {
        rc = ::posix_spawnattr_setflags(&attributes, static_cast<short>(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
                                                                        POSIX_SPAWN_SETSIGDEF));
    }
    if (rc == 0) rc = ::posix_spawnattr_setpgroup(&attributes, 0);
    if (rc == 0) rc = ::posix_spawnattr_setsigmask(&attributes, &no_signals);
    if (rc == 0) rc = ::posix_spawnattr_setsigdefault(&attributes, &all_signals);
    if (rc == 0) {
        const std::string program = path.string();
        std::vector<char*> argv;
        argv.reserve(args.size() + 2);
        argv.push_back(const_cast<char*>(program.c_str()));
        for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
        argv.push_back(nullptr);
        char* environment[] = {const_cast<char*>(kScriptPath), const_cast<char*>(kScriptLang), nullptr};
        pid_t pid = -1;
        rc = ::posix_spawn(&pid, program.c_str(), &actions, &attributes, argv.data(), environment);
        if (rc == 0) spawned.pid = pid;
    }
    ::posix_spawnattr_destroy(&attributes);
    ::posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        spawned.error = rc;
        return spawned;
    }
    ::fcntl(read_end.get(), F_SETFL, ::fcntl(read_end.get(), F_GETFL) | O_NONBLOCK);
    spawned.stdout_fd = std::move(read_end);
    return spawned;
}

// The process groups of the scripts running now, for kill_running_scripts(). Never
// destroyed: a check thread left running (abandoned) may still use it while the
// process exits.
struct RunningScripts {
    std::mutex mutex;
    std::set<pid_t> groups;
};
RunningScripts& running_scripts() {
    static auto* running = new RunningScripts();
    return *running;
}

// Registered by the spawning thread while it holds the registry's lock, so a sweep never
// takes a plugin that has just started for a leftover.
struct RunningScript {
    explicit RunningScript(pid_t pid) : pid(pid) {}
    ~RunningScript() {
        std::lock_guard lock(running_scripts().mutex);
        running_scripts().groups.erase(pid);
    }
    RunningScript(const RunningScript&) = delete;
    RunningScript& operator=(const RunningScript&) = delete;
    pid_t pid;
};

// Appends what can be read now, keeping at most `max` bytes (the rest is read and
// dropped, so the script never blocks on a full pipe). False at end of file.
bool read_available(int fd, std::string& captured, std::size_t max) {
    char buffer[4096];
    for (;;) {
        const ssize_t got = ::read(fd, buffer, sizeof buffer);
        if (got > 0) {
            const std::size_t room = max - std::min(captured.size(), max);
            captured.append(buffer, std::min(room, static_cast<std::size_t>(got)));
            continue;
        }
        if (got < 0 && errno == EINTR) continue;
        return got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
    }
}

// The exit code as parse_plugin_output takes it (minus the signal for a signal), or
// nullopt while the script runs. `lost`: the status could not be had (SIGCHLD ignored).
// Once the script has exited — seen while it is still a zombie, so its pid and group
// cannot be taken by another process — its process group is killed: what the script
// started in it (`sleep 300 &`) does not outlive it. Then the script is reaped.
std::optional<int> reaped(pid_t pid, bool block, bool& lost) {
    for (;;) {
        siginfo_t info{};
        const int rc = ::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOWAIT | (block ? 0 : WNOHANG));
        if (rc == 0 && info.si_pid == 0) return std::nullopt;
        if (rc == 0) break;
        if (errno == EINTR) continue;
        lost = true;
        return kPluginUnknown;
    }
    ::kill(-pid, SIGKILL);
    int status = 0;
    for (;;) {
        const pid_t got = ::waitpid(pid, &status, 0);
        if (got == pid) break;
        if (errno == EINTR) continue;
        lost = true;
        return kPluginUnknown;
    }
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return -WTERMSIG(status);
    return kPluginUnknown;
}

// The parent pid and process group in /proc/PID/stat: "PID (COMM) S PPID PGRP ...";
// COMM may hold anything, so the fields are read after its last ')'.
bool parent_and_group(pid_t pid, pid_t& parent, pid_t& group) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(stat, line)) return false;
    const auto close = line.rfind(')');
    if (close == std::string::npos) return false;
    char state = 0;
    long ppid = 0;
    long pgrp = 0;
    if (std::sscanf(line.c_str() + close + 1, " %c %ld %ld", &state, &ppid, &pgrp) != 3) return false;
    parent = static_cast<pid_t>(ppid);
    group = static_cast<pid_t>(pgrp);
    return true;
}

std::atomic<std::uint64_t> g_leftovers_total{0};

int milliseconds_until(Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return left <= 0 ? 0 : static_cast<int>(std::min<long long>(left, 1000 * 1000));
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
    const auto deadline = start + timeout;
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

    std::unique_lock registering(running_scripts().mutex);
    Spawned spawned = spawn_script(program.path, program.args);
    if (spawned.pid >= 0) running_scripts().groups.insert(spawned.pid);
    registering.unlock();
    if (spawned.pid < 0) {
        const int error = spawned.error;
        if (error == ENOEXEC) return not_started(shown + " cannot be executed (no '#!' line?)");
        if (error == ENOENT) return not_started("cannot start " + shown + ": its '#!' interpreter was not found");
        if (error == EACCES) return not_started(shown + " is not executable");
        return not_started("cannot start " + shown + ": " + system_error_text(error));
    }
    const pid_t pid = spawned.pid;
    const RunningScript running(pid);
    UniqueFd exit_fd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));  // readable once it exits

    bool lost = false;
    bool stopped = false;
    std::optional<int> exit_code;
    while (!(exit_code = reaped(pid, false, lost))) {
        if (stopping && stopping()) {
            stopped = true;
            break;
        }
        int left = milliseconds_until(deadline);
        if (left == 0) break;
        if (!exit_fd) left = std::min(left, kExitPollMs);
        if (stopping) left = std::min(left, kStopPollMs);
        pollfd waiting[2];
        nfds_t count = 0;
        if (spawned.stdout_fd) waiting[count++] = {spawned.stdout_fd.get(), POLLIN, 0};
        if (exit_fd) waiting[count++] = {exit_fd.get(), POLLIN, 0};
        const int ready = ::poll(waiting, count, left);
        if (ready > 0 && spawned.stdout_fd && waiting[0].revents != 0 &&
            !read_available(spawned.stdout_fd.get(), run.stdout_text, program.max_stdout_bytes)) {
            spawned.stdout_fd.reset();  // end of file; the program may still run
        }
    }
    if (!exit_code) {
        ::kill(-pid, SIGKILL);  // the whole process group: the program and all it started
        reaped(pid, true, lost);
        if (spawned.stdout_fd) read_available(spawned.stdout_fd.get(), run.stdout_text, program.max_stdout_bytes);
        run.latency_ms = milliseconds_since(start);
        run.ending = stopped ? PluginEnding::Stopped : PluginEnding::TimedOut;
        run.problem = stopped ? shown + " was killed: niamd is stopping"
                              : shown + " " + timed_out_text(timeout) + " and was killed";
        return run;
    }
    // Whatever it wrote before it exited; a child it left behind holding stdout open is
    // not waited for.
    if (spawned.stdout_fd) read_available(spawned.stdout_fd.get(), run.stdout_text, program.max_stdout_bytes);
    run.latency_ms = milliseconds_since(start);
    if (lost) {
        run.ending = PluginEnding::StatusLost;
        run.problem = "exit status of " + shown + " lost (is SIGCHLD ignored?)";
        return run;
    }
    run.ending = PluginEnding::Exited;
    run.exit_code = *exit_code;
    return run;
}

void kill_running_scripts() noexcept {
    std::lock_guard lock(running_scripts().mutex);
    for (pid_t pid : running_scripts().groups) ::kill(-pid, SIGKILL);
}

bool adopt_plugin_orphans() { return ::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0; }

std::size_t sweep_plugin_leftovers() {
    std::lock_guard lock(running_scripts().mutex);
    const auto& running = running_scripts().groups;
    const pid_t self = ::getpid();
    std::vector<pid_t> leftovers;
    if (DIR* proc = ::opendir("/proc")) {
        while (const dirent* item = ::readdir(proc)) {
            char* end = nullptr;
            const long pid = std::strtol(item->d_name, &end, 10);
            if (pid <= 0 || *end != '\0') continue;
            pid_t parent = 0;
            pid_t group = 0;
            if (!parent_and_group(static_cast<pid_t>(pid), parent, group) || parent != self) continue;
            if (running.count(static_cast<pid_t>(pid)) != 0) continue;
            // Its own group leader (setsid): the group goes too, unless a running plugin leads it.
            if (group == pid && running.count(group) == 0) ::kill(-group, SIGKILL);
            ::kill(static_cast<pid_t>(pid), SIGKILL);
            leftovers.push_back(static_cast<pid_t>(pid));
        }
        ::closedir(proc);
    }
    for (const pid_t pid : leftovers) {
        while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
        }
    }
    if (!leftovers.empty()) {
        const auto total = g_leftovers_total += leftovers.size();
        log::warning("plugins left " + std::to_string(leftovers.size()) + " process(es) behind: killed and reaped (" +
                     std::to_string(total) + " since start)");
    }
    return leftovers.size();
}

std::uint64_t plugin_leftovers_total() noexcept { return g_leftovers_total.load(); }

}  // namespace niamd::checks
