#include "master/alert_script.hpp"

#include "checks/script_check.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>
#include <vector>

namespace niamd::master {

awsrest::Result<void> run_alert_script(const std::string& path, const std::string& subject,
                                       const std::string& message, std::chrono::milliseconds timeout) {
    const auto fail = [&](const std::string& what) {
        return awsrest::make_error(awsrest::ErrorKind::InvalidArgument, "alert script " + path + ": " + what);
    };
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    // None of the master's descriptors (the web port, SQS/SNS/database connections) and
    // none of its environment (AWS keys may be there): the checks' script rules.
    posix_spawn_file_actions_addclosefrom_np(&actions, 3);
    std::vector<char*> argv{const_cast<char*>(path.c_str()), const_cast<char*>(subject.c_str()),
                            const_cast<char*>(message.c_str()), nullptr};
    char* environment[] = {const_cast<char*>(checks::kScriptPath), const_cast<char*>(checks::kScriptLang), nullptr};
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, path.c_str(), &actions, nullptr, argv.data(), environment);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) return fail(std::string("cannot start: ") + std::strerror(spawned));

    const auto deadline = std::chrono::steady_clock::now() + timeout;
    int status = 0;
    for (;;) {
        const pid_t done = waitpid(pid, &status, WNOHANG);
        if (done == pid) break;
        if (done < 0 && errno != EINTR) return fail(std::string("cannot wait: ") + std::strerror(errno));
        if (std::chrono::steady_clock::now() >= deadline) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            return fail("killed after " + std::to_string(timeout.count()) + " ms");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return {};
    if (WIFEXITED(status)) return fail("exited with code " + std::to_string(WEXITSTATUS(status)));
    return fail("killed by signal " + std::to_string(WTERMSIG(status)));
}

}  // namespace niamd::master
