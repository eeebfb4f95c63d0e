#include "process/child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <optional>

#include "process/running_children.hpp"
#include "process/unique_fd.hpp"

namespace niamd::process {
namespace {

using Clock = std::chrono::steady_clock;
// Without a pidfd (kernels before 5.3) the exit is noticed by polling this often.
constexpr int kExitPollMs = 20;
constexpr int kStopPollMs = 100;

struct Spawned {
    pid_t pid = -1;
    UniqueFd stdout_fd;  // read end, non-blocking; none when stdout is /dev/null
    int error = 0;       // posix_spawn's error when pid is -1
};

// The program in its own process group, stdin /dev/null, stdout into a pipe (or
// /dev/null), stderr /dev/null, no other descriptor, default signal dispositions, no
// signal blocked, the bare environment only.
Spawned spawn_child(const ChildProgram& program) {
    Spawned spawned;
    UniqueFd read_end;
    UniqueFd write_end;
    if (program.max_stdout_bytes > 0) {
        int pipe_fds[2];
        if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
            spawned.error = errno;
            return spawned;
        }
        read_end = UniqueFd(pipe_fds[0]);
        write_end = UniqueFd(pipe_fds[1]);
    }

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
    if (rc == 0) {
        rc = write_end ? ::posix_spawn_file_actions_adddup2(&actions, write_end.get(), STDOUT_FILENO)
                       : ::posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    }
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
        const std::string path = program.path.string();
        std::vector<char*> argv;
        argv.reserve(program.args.size() + 2);
        argv.push_back(const_cast<char*>(path.c_str()));
        for (const std::string& arg : program.args) argv.push_back(const_cast<char*>(arg.c_str()));
        argv.push_back(nullptr);
        char* environment[] = {const_cast<char*>(kChildPath), const_cast<char*>(kChildLang), nullptr};
        spawned.pid = spawn_registered([&] {
            pid_t pid = -1;
            rc = ::posix_spawn(&pid, path.c_str(), &actions, &attributes, argv.data(), environment);
            return rc == 0 ? pid : -1;
        });
    }
    ::posix_spawnattr_destroy(&attributes);
    ::posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        spawned.error = rc;
        return spawned;
    }
    if (read_end) ::fcntl(read_end.get(), F_SETFL, ::fcntl(read_end.get(), F_GETFL) | O_NONBLOCK);
    spawned.stdout_fd = std::move(read_end);
    return spawned;
}

// Forgets the child in the registry once it has been reaped.
struct RunningChild {
    explicit RunningChild(pid_t pid) : pid(pid) {}
    ~RunningChild() { forget_running_child(pid); }
    RunningChild(const RunningChild&) = delete;
    RunningChild& operator=(const RunningChild&) = delete;
    pid_t pid;
};

// Appends what can be read now, keeping at most `bound` bytes (the rest is read and
// dropped, so the child never blocks on a full pipe). False at end of file.
bool read_available(int fd, std::size_t bound, std::string& captured) {
    char buffer[4096];
    for (;;) {
        const ssize_t got = ::read(fd, buffer, sizeof buffer);
        if (got > 0) {
            const std::size_t room = bound - std::min(captured.size(), bound);
            captured.append(buffer, std::min(room, static_cast<std::size_t>(got)));
            continue;
        }
        if (got < 0 && errno == EINTR) continue;
        return got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
    }
}

// The exit code (minus the signal for a signal), or nullopt while the child runs.
// `lost_error`: the status could not be had (SIGCHLD ignored), wait's errno. Once the
// child has exited — seen while it is still a zombie, so its pid and group cannot be
// taken by another process — its process group is killed: what the child started in it
// (`sleep 300 &`) does not outlive it. Then the child is reaped.
std::optional<int> reaped(pid_t pid, bool block, int& lost_error) {
    for (;;) {
        siginfo_t info{};
        const int rc = ::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOWAIT | (block ? 0 : WNOHANG));
        if (rc == 0 && info.si_pid == 0) return std::nullopt;
        if (rc == 0) break;
        if (errno == EINTR) continue;
        lost_error = errno;
        return 0;
    }
    ::kill(-pid, SIGKILL);
    int status = 0;
    for (;;) {
        const pid_t got = ::waitpid(pid, &status, 0);
        if (got == pid) break;
        if (errno == EINTR) continue;
        lost_error = errno;
        return 0;
    }
    // Without WUNTRACED, waitpid reports only a child that exited or was killed.
    return WIFSIGNALED(status) ? -WTERMSIG(status) : WEXITSTATUS(status);
}

int milliseconds_until(Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return left <= 0 ? 0 : static_cast<int>(std::min<long long>(left, 1000 * 1000));
}

}  // namespace

ChildRun run_child(const ChildProgram& program, std::chrono::milliseconds timeout,
                   const std::function<bool()>& stopping) {
    const auto deadline = Clock::now() + timeout;
    ChildRun run;
    Spawned spawned = spawn_child(program);
    if (spawned.pid < 0) {
        run.ending = ChildEnding::NotStarted;
        run.error = spawned.error;
        return run;
    }
    const pid_t pid = spawned.pid;
    const RunningChild running(pid);
    UniqueFd exit_fd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));  // readable once it exits

    const std::size_t bound = program.max_stdout_bytes;
    int lost_error = 0;
    bool stopped = false;
    std::optional<int> exit_code;
    while (!(exit_code = reaped(pid, false, lost_error))) {
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
            !read_available(spawned.stdout_fd.get(), bound, run.stdout_text)) {
            spawned.stdout_fd.reset();  // end of file; the program may still run
        }
    }
    if (!exit_code) {
        ::kill(-pid, SIGKILL);  // the whole process group: the program and all it started
        reaped(pid, true, lost_error);
        if (spawned.stdout_fd) read_available(spawned.stdout_fd.get(), bound, run.stdout_text);
        run.ending = stopped ? ChildEnding::Stopped : ChildEnding::TimedOut;
        return run;
    }
    // Whatever it wrote before it exited; a child it left behind holding stdout open is
    // not waited for.
    if (spawned.stdout_fd) read_available(spawned.stdout_fd.get(), bound, run.stdout_text);
    if (lost_error != 0) {
        run.ending = ChildEnding::StatusLost;
        run.error = lost_error;
        return run;
    }
    run.ending = ChildEnding::Exited;
    run.exit_code = *exit_code;
    return run;
}

}  // namespace niamd::process
