#include "process/child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <grp.h>
#include <linux/close_range.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <optional>

#include "process/account.hpp"
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
    int error = 0;       // why it did not start when pid is -1 (an errno)
};

// What the child does between fork and exec, prepared before the fork: after it only
// async-signal-safe calls are made (no allocation, no lock).
struct ChildSetup {
    const char* path = nullptr;
    char* const* argv = nullptr;
    char* const* environment = nullptr;
    int stdout_fd = -1;                // the pipe's write end, or -1 for /dev/null
    int report_fd = -1;                // the exec-failure pipe's write end (close-on-exec)
    const Account* account = nullptr;  // when set: become it before exec
};

// Tells the parent why the child cannot exec (an errno through the report pipe) and ends.
[[noreturn]] void child_failed(int report_fd, int error) {
    while (::write(report_fd, &error, sizeof error) < 0 && errno == EINTR) {
    }
    ::_exit(127);
}

bool point_at(int target, int fd_or_minus_one, int flags) {
    if (fd_or_minus_one >= 0) return ::dup2(fd_or_minus_one, target) == target;
    const int opened = ::open("/dev/null", flags);
    if (opened < 0) return false;
    if (opened == target) return true;
    const bool ok = ::dup2(opened, target) == target;
    ::close(opened);
    return ok;
}

// Every descriptor from 3 up closes at exec (the report pipe too, which tells the parent
// that exec succeeded). close_range's CLOEXEC flag needs Linux 5.11; before it, one by one.
void close_others_at_exec() {
    if (::syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) == 0) return;
    const long limit = ::sysconf(_SC_OPEN_MAX);
    for (int fd = 3; fd < (limit > 0 && limit < 65536 ? limit : 65536); ++fd) ::fcntl(fd, F_SETFD, FD_CLOEXEC);
}

[[noreturn]] void run_in_child(const ChildSetup& setup) {
    // Default dispositions for every signal (the daemon's handlers are not the program's),
    // then none blocked: the parent blocked them all around fork.
    struct sigaction default_action {};
    default_action.sa_handler = SIG_DFL;
    for (int signal_number = 1; signal_number < NSIG; ++signal_number) {
        ::sigaction(signal_number, &default_action, nullptr);
    }
    if (::setpgid(0, 0) != 0) child_failed(setup.report_fd, errno);
    if (!point_at(STDIN_FILENO, -1, O_RDONLY) || !point_at(STDOUT_FILENO, setup.stdout_fd, O_WRONLY) ||
        !point_at(STDERR_FILENO, -1, O_WRONLY)) {
        child_failed(setup.report_fd, errno);
    }
    close_others_at_exec();
    if (setup.account != nullptr) {
        // Raw system calls: the child has one thread, and glibc's set*id would take its locks.
        const Account& account = *setup.account;
        if (::syscall(SYS_setgroups, account.groups.size(), account.groups.data()) != 0 ||
            ::syscall(SYS_setresgid, account.gid, account.gid, account.gid) != 0 ||
            ::syscall(SYS_setresuid, account.uid, account.uid, account.uid) != 0) {
            child_failed(setup.report_fd, errno);
        }
        if (::syscall(SYS_setresuid, -1, 0, -1) == 0) child_failed(setup.report_fd, EPERM);  // root must be gone
    }
    sigset_t no_signals;
    sigemptyset(&no_signals);
    ::sigprocmask(SIG_SETMASK, &no_signals, nullptr);
    ::execve(setup.path, setup.argv, setup.environment);
    child_failed(setup.report_fd, errno);
}

// The program in its own process group, stdin /dev/null, stdout into a pipe (or
// /dev/null), stderr /dev/null, no other descriptor, default signal dispositions, no
// signal blocked, the bare environment only; as child_account() when this process is root.
Spawned spawn_child(const ChildProgram& program) {
    Spawned spawned;
    std::optional<Account> account;
    if (::geteuid() == 0) {
        account = child_account();
        if (!account) {  // no account to run it as: it is not run as root
            spawned.error = EPERM;
            return spawned;
        }
    }
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
    int report_fds[2];
    if (::pipe2(report_fds, O_CLOEXEC) != 0) {
        spawned.error = errno;
        return spawned;
    }
    UniqueFd report_read(report_fds[0]);
    UniqueFd report_write(report_fds[1]);

    const std::string path = program.path.string();
    std::vector<char*> argv;
    argv.reserve(program.args.size() + 2);
    argv.push_back(const_cast<char*>(path.c_str()));
    for (const std::string& arg : program.args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    char* environment[] = {const_cast<char*>(kChildPath), const_cast<char*>(kChildLang), nullptr};
    const ChildSetup setup{path.c_str(),       argv.data(),
                           environment,        write_end ? write_end.get() : -1,
                           report_write.get(), account ? &*account : nullptr};

    spawned.pid = spawn_registered([&] {
        // No signal handler of the daemon may run in the child before it resets them.
        sigset_t all_signals;
        sigset_t previous;
        sigfillset(&all_signals);
        ::pthread_sigmask(SIG_SETMASK, &all_signals, &previous);
        const pid_t pid = ::fork();
        if (pid == 0) run_in_child(setup);
        const int fork_error = errno;
        ::pthread_sigmask(SIG_SETMASK, &previous, nullptr);
        if (pid < 0) {
            spawned.error = fork_error;
            return pid_t{-1};
        }
        ::setpgid(pid, pid);  // also here: the group exists before the parent may kill it
        report_write.reset();
        int child_error = 0;
        ssize_t got = 0;
        while ((got = ::read(report_read.get(), &child_error, sizeof child_error)) < 0 && errno == EINTR) {
        }
        if (got == 0) return pid;  // exec closed the pipe: the program runs
        spawned.error = got == static_cast<ssize_t>(sizeof child_error) ? child_error : EIO;
        while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
        }
        return pid_t{-1};
    });
    if (spawned.pid < 0) return spawned;
    write_end.reset();
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
