// What keeps one master alive and alone: SIGXFSZ ignored (a write past `ulimit -f` fails
// with EFBIG instead of killing the process), the state dir lock, the pidfile lock.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <fstream>
#include <sstream>
#include <string>

#include "daemon/daemonize.hpp"
#include "daemon/signals.hpp"
#include "daemon/state_dir_lock.hpp"
#include "support/temp_dir.hpp"

namespace {
std::string read_text(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}
}  // namespace

TEST_CASE("signals: a write past the file-size limit fails with EFBIG and the process lives on", "[daemon]") {
    test_support::TempDir dir("niam-xfsz");
    const std::string file = (dir.path() / "big").string();
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        niamd::daemon::install_signal_handlers();
        rlimit limit{4096, 4096};
        ::setrlimit(RLIMIT_FSIZE, &limit);
        const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const std::string block(4096, 'x');
        if (fd < 0 || ::write(fd, block.data(), block.size()) != 4096) ::_exit(2);
        const ssize_t written = ::write(fd, block.data(), block.size());  // past the limit
        ::_exit(written < 0 && errno == EFBIG ? 0 : 3);
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    INFO("status " << status);
    CHECK_FALSE(WIFSIGNALED(status));
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("state dir lock: a second master on the same state dir is refused with a clear message", "[daemon]") {
    test_support::TempDir dir("niam-lock");
    auto first = niamd::daemon::StateDirLock::take(dir.str());
    REQUIRE(first);
    auto second = niamd::daemon::StateDirLock::take(dir.str());
    REQUIRE_FALSE(second);
    CHECK(second.error().message == "state dir " + dir.str() + " is in use by another niamd master (pid " +
                                        std::to_string(::getpid()) + "); refusing to start a second one on it");
    { auto moved = std::move(first).value(); }  // released with its holder
    CHECK(niamd::daemon::StateDirLock::take(dir.str()));
}

TEST_CASE("pidfile: taken before forking, the daemon records its own pid and a second one fails", "[daemon]") {
    test_support::TempDir dir("niam-pid");
    const std::string path = (dir.path() / "niamd.pid").string();
    auto first = niamd::daemon::PidFile::create(path);
    REQUIRE(first);
    int ready[2];
    REQUIRE(::pipe(ready) == 0);
    const pid_t child = ::fork();  // as daemonize() does: the child keeps the locked descriptor
    REQUIRE(child >= 0);
    if (child == 0) {
        ::close(ready[0]);
        char byte = first->record_pid() ? 1 : 0;
        [[maybe_unused]] auto n = ::write(ready[1], &byte, 1);
        ::pause();
        ::_exit(0);
    }
    ::close(ready[1]);
    char byte = 0;
    REQUIRE(::read(ready[0], &byte, 1) == 1);
    ::close(ready[0]);
    CHECK(byte == 1);
    CHECK(read_text(path) == std::to_string(child) + "\n");
    CHECK_FALSE(niamd::daemon::PidFile::create(path));  // a second instance: refused before it forks
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
}
