// ALERT_SCRIPT: run directly with subject and message as two arguments, no shell.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "master/alert_script.hpp"
#include "niamd/children_account.hpp"
#include "support/temp_dir.hpp"

using niamd::master::run_alert_script;
using namespace std::chrono_literals;

namespace {

std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// The hexadecimal mask on the `name:` line of a /proc/PID/status text; all ones if absent.
unsigned long long status_mask(const std::string& status, const std::string& name) {
    const auto at = status.find(name + ":");
    if (at == std::string::npos) return ~0ULL;
    return std::strtoull(status.c_str() + at + name.size() + 1, nullptr, 16);
}

}  // namespace

TEST_CASE("alert script: gets subject and message as they are", "[master]") {
    const auto dir = std::filesystem::temp_directory_path() / ("niam-alert-script-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto script = dir / "page-me";
    const auto out = dir / "out";
    {
        std::ofstream file(script);
        file << "#!/bin/sh\nprintf '%s|%s' \"$1\" \"$2\" > '" << out.string() << "'\n";
    }
    ::chmod(script.c_str(), 0700);
    test_support::give_to_children(dir);  // root: the script runs as nobody
    test_support::give_to_children(script);
    const std::string message = "MISSING web1\n$(touch " + (dir / "pwned").string() + "); `id` 'q'";
    auto ran = run_alert_script(script.string(), "niam: MISSING web1 (i-1)", message);
    INFO((ran ? "" : ran.error().describe()));
    REQUIRE(ran);
    std::ifstream in(out);
    std::stringstream text;
    text << in.rdbuf();
    CHECK(text.str() == "niam: MISSING web1 (i-1)|" + message);
    CHECK_FALSE(std::filesystem::exists(dir / "pwned"));
    std::filesystem::remove_all(dir);
}

TEST_CASE("alert script: failures are reported with the path", "[master]") {
    auto missing = run_alert_script("/nonexistent/niam-page", "s", "m");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().message.rfind("alert script /nonexistent/niam-page: cannot start", 0) == 0);
    auto failing = run_alert_script("/bin/false", "s", "m");
    REQUIRE_FALSE(failing);
    CHECK(failing.error().message == "alert script /bin/false: exited with code 1");
    auto slow = run_alert_script("/bin/sleep", "5", "5", std::chrono::milliseconds(100));
    REQUIRE_FALSE(slow);
    CHECK(slow.error().message == "alert script /bin/sleep: killed after 100 ms");
}

TEST_CASE("alert script: starts with default signal dispositions and no signal blocked", "[master][alert_script]") {
    test_support::TempDir dir("niam-alert");
    test_support::give_to_children(dir);  // root: the script runs as nobody
    const auto out = dir.path() / "status";
    // cp as the alert script copies its own /proc/self/status: what the program started
    // got, with no shell in between (a shell clears its signal mask at start).
    // What the daemon does (daemon/signals.cpp) and what a thread waiting for signals does.
    struct sigaction pipe_before {};
    struct sigaction xfsz_before {};
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    ::sigaction(SIGPIPE, &ignore, &pipe_before);
    ::sigaction(SIGXFSZ, &ignore, &xfsz_before);
    sigset_t blocked;
    sigset_t mask_before;
    sigemptyset(&blocked);
    sigaddset(&blocked, SIGTERM);
    sigaddset(&blocked, SIGHUP);
    ::pthread_sigmask(SIG_BLOCK, &blocked, &mask_before);
    auto ran = run_alert_script("/bin/cp", "/proc/self/status", out.string());
    ::pthread_sigmask(SIG_SETMASK, &mask_before, nullptr);
    ::sigaction(SIGPIPE, &pipe_before, nullptr);
    ::sigaction(SIGXFSZ, &xfsz_before, nullptr);
    INFO((ran ? "" : ran.error().describe()));
    REQUIRE(ran);
    const std::string status = read_text(out);
    INFO(status.substr(0, std::min<std::size_t>(status.size(), 2000)));
    CHECK((status_mask(status, "SigIgn") & (1ULL << (SIGPIPE - 1))) == 0);  // `yes | head -1` ends
    // glibc may leave its two internal signals (32 and 33, below SIGRTMIN) ignored: no
    // set made with sigfillset names them. Every other one is at its default.
    constexpr unsigned long long kGlibcInternal = (1ULL << 31) | (1ULL << 32);
    CHECK((status_mask(status, "SigIgn") & ~kGlibcInternal) == 0);
    CHECK(status_mask(status, "SigBlk") == 0);
}

TEST_CASE("alert script: runs in a process group of its own", "[master][alert_script]") {
    test_support::TempDir dir("niam-alert");
    test_support::give_to_children(dir);  // root: the script runs as nobody
    const auto out = dir.path() / "stat";
    const auto script =
        dir.write("page-me", "#!/bin/sh\nread -r stat < /proc/$$/stat\necho \"$stat\" > \"$1\"\n", 0700);
    auto ran = run_alert_script(script.string(), out.string(), "m");
    INFO((ran ? "" : ran.error().describe()));
    REQUIRE(ran);
    // "PID (COMM) S PPID PGRP ..."
    const std::string stat = read_text(out);
    INFO(stat);
    const auto close = stat.rfind(')');
    REQUIRE(close != std::string::npos);
    long pid = 0;
    long parent = 0;
    long group = 0;
    char state = 0;
    REQUIRE(std::sscanf(stat.c_str(), "%ld", &pid) == 1);
    REQUIRE(std::sscanf(stat.c_str() + close + 1, " %c %ld %ld", &state, &parent, &group) == 3);
    CHECK(parent == ::getpid());
    CHECK(group == pid);
    CHECK(group != ::getpgrp());
}

TEST_CASE("alert script: what it started is killed with it at the timeout", "[master][alert_script]") {
    test_support::TempDir dir("niam-alert");
    test_support::give_to_children(dir);  // root: the script runs as nobody
    // The grandchild holds the write end of a FIFO: its end of file says it is gone.
    const auto fifo = dir.path() / "held";
    const auto pid_file = dir.path() / "grandchild";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    test_support::give_to_children(fifo);
    const int held = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    REQUIRE(held >= 0);
    const auto script = dir.write(
        "page-me", "#!/bin/sh\n{ echo started; exec sleep 30; } > \"$1\" &\necho $! > \"$2\"\nsleep 30\n", 0700);
    auto ran = run_alert_script(script.string(), fifo.string(), pid_file.string(), 500ms);
    REQUIRE_FALSE(ran);
    CHECK(ran.error().message == "alert script " + script.string() + ": killed after 500 ms");
    std::string said;
    bool gone = false;
    const auto deadline = std::chrono::steady_clock::now() + 3s;
    while (!gone) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        pollfd waiting{held, POLLIN, 0};
        if (left.count() <= 0 || ::poll(&waiting, 1, static_cast<int>(left.count())) <= 0) break;
        char buffer[64];
        const ssize_t got = ::read(held, buffer, sizeof buffer);
        if (got > 0) said.append(buffer, static_cast<std::size_t>(got));
        if (got == 0) gone = !said.empty();
        if (got == 0 && said.empty()) break;
    }
    ::close(held);
    CHECK(said == "started\n");
    CHECK(gone);
    long grandchild = 0;
    std::ifstream(pid_file) >> grandchild;
    if (grandchild > 0) {
        if (!gone) ::kill(static_cast<pid_t>(grandchild), SIGKILL);   // the test cleans up what was left
        ::waitpid(static_cast<pid_t>(grandchild), nullptr, WNOHANG);  // ours if this process is a subreaper
    }
}

TEST_CASE("alert script: inherits no descriptor of the master", "[master][alert_script]") {
    test_support::TempDir dir("niam-alert");
    test_support::give_to_children(dir);  // root: the script runs as nobody
    const auto out = dir.path() / "fds";
    const auto marker = dir.write("inherited-marker", "x");
    const auto script = dir.write("page-me", "#!/bin/sh\nls -l /proc/$$/fd > \"$1\"\n", 0700);
    const int inherited = ::open(marker.c_str(), O_RDONLY);  // not O_CLOEXEC, as httplib's sockets are not
    REQUIRE(inherited >= 0);
    auto ran = run_alert_script(script.string(), out.string(), "m");
    ::close(inherited);
    INFO((ran ? "" : ran.error().describe()));
    REQUIRE(ran);
    // The shell's own descriptors: its stdout is on the output file while `ls` runs, and
    // it holds the script open (and a saved stdout) at 10 and above.
    const std::string fds = read_text(out);
    INFO(fds);
    CHECK(fds.find("inherited-marker") == std::string::npos);
    CHECK(fds.find(" 0 -> /dev/null") != std::string::npos);
    CHECK(fds.find(" 2 -> /dev/null") != std::string::npos);
}

TEST_CASE("alert script: its environment is PATH and LANG only", "[master][alert_script]") {
    test_support::TempDir dir("niam-alert");
    test_support::give_to_children(dir);  // root: the script runs as nobody
    const auto out = dir.path() / "environ";
    const auto script = dir.write("page-me", "#!/bin/sh\ntr '\\0' '\\n' < /proc/$$/environ > \"$1\"\n", 0700);
    ::setenv("AWS_SECRET_ACCESS_KEY", "niamTestSecretForAlertScript", 1);
    auto ran = run_alert_script(script.string(), out.string(), "m");
    ::unsetenv("AWS_SECRET_ACCESS_KEY");
    INFO((ran ? "" : ran.error().describe()));
    REQUIRE(ran);
    CHECK(read_text(out) == "PATH=/usr/sbin:/usr/bin:/sbin:/bin\nLANG=C\n");
}
