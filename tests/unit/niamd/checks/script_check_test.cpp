// ScriptCheck with real scripts in a temporary folder: Nagios exit codes and perfdata,
// arguments without a shell, a clean environment and descriptor table, stdin at EOF,
// bounded stdout, a script that hangs (its whole process group killed at the timeout),
// and names, files and modes that are refused.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>

#include <fstream>
#include <sstream>

#include "checks/script_check.hpp"
#include "niamd/checks/check_fixtures.hpp"

using namespace std::chrono_literals;
using niamd::checks::CheckOutcome;
using niamd::checks::ScriptCheck;

namespace {

CheckOutcome run_script(const check_test::TempDir& dir, const std::string& name, std::vector<std::string> args = {},
                        std::chrono::milliseconds timeout = 5000ms) {
    return ScriptCheck(dir.path(), name, std::move(args)).run(timeout);
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream file(path);
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
}

// True when the process is gone or a zombie waiting for its parent (init) to reap it.
bool is_dead(pid_t pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    if (!stat) return true;
    std::string line;
    std::getline(stat, line);
    const auto close = line.rfind(')');
    return close != std::string::npos && close + 2 < line.size() && line[close + 2] == 'Z';
}

}  // namespace

TEST_CASE("script check: exit codes 0-3 give OK, WARNING, CRITICAL, UNKNOWN", "[checks]") {
    check_test::TempDir dir;
    struct Row {
        int code;
        bool ok;
        const char* text;
    };
    for (const Row& row : {Row{0, true, "DISK OK - fine"}, Row{1, false, "DISK WARNING - 15% free"},
                           Row{2, false, "DISK CRITICAL - 2% free"}, Row{3, false, "DISK UNKNOWN - no such mount"}}) {
        dir.write("check_disk",
                  "#!/bin/sh\necho '" + std::string(row.text) + "'\nexit " + std::to_string(row.code) + "\n");
        const auto outcome = run_script(dir, "check_disk");
        INFO("exit " << row.code);
        CHECK(outcome.nagios_code == row.code);
        CHECK(outcome.ok == row.ok);
        CHECK(outcome.output == row.text);
        CHECK(outcome.latency_ms >= 0);
    }
}

TEST_CASE("script check: perfdata and long output are split from the first line", "[checks]") {
    check_test::TempDir dir;
    dir.write("check_load",
              "#!/bin/sh\n"
              "echo 'OK - load average: 0.12, 0.10, 0.08 | load1=0.12;5;10;0 load5=0.10;4;8;0'\n"
              "echo 'three cores busy'\n"
              "exit 0\n");
    const auto outcome = run_script(dir, "check_load");
    CHECK(outcome.ok);
    CHECK(outcome.output == "OK - load average: 0.12, 0.10, 0.08");
    CHECK(outcome.perfdata == "load1=0.12;5;10;0 load5=0.10;4;8;0");
    CHECK(outcome.long_output == "three cores busy");
}

TEST_CASE("script check: other exit codes and signals are UNKNOWN with a note", "[checks]") {
    check_test::TempDir dir;
    dir.write("seven", "#!/bin/sh\necho odd\nexit 7\n");
    const auto seven = run_script(dir, "seven");
    CHECK(seven.nagios_code == 3);
    CHECK_FALSE(seven.ok);
    CHECK(seven.output == "(plugin exited with code 7, not 0-3) odd");
    dir.write("suicide", "#!/bin/sh\nkill -9 $$\n");
    const auto killed = run_script(dir, "suicide");
    CHECK(killed.nagios_code == 3);
    CHECK(killed.output == "(plugin killed by signal 9) (no output)");
}

TEST_CASE("script check: arguments arrive as written, with no shell in between", "[checks]") {
    check_test::TempDir dir;
    dir.write("echo_args", "#!/bin/sh\necho \"$# [$1] [$2] [$3]\"\n");
    const auto outcome = run_script(dir, "echo_args", {"-w", "20% *", "$HOME;$(id)"});
    CHECK(outcome.output == "3 [-w] [20% *] [$HOME;$(id)]");
}

TEST_CASE("script check: the environment is PATH and LANG only", "[checks]") {
    check_test::TempDir dir;
    ::setenv("NIAM_TEST_INHERITED", "should-not-be-seen", 1);
    dir.write("print_env", "#!/bin/sh\necho $(env | cut -d= -f1 | sort)\n");
    dir.write("print_path", "#!/bin/sh\necho \"$PATH|$LANG\"\n");
    const auto names = run_script(dir, "print_env");
    ::unsetenv("NIAM_TEST_INHERITED");
    // /bin/sh adds PWD of its own; nothing else may appear.
    CHECK((names.output == "LANG PATH" || names.output == "LANG PATH PWD"));
    const auto values = run_script(dir, "print_path");
    CHECK(values.output == "/usr/sbin:/usr/bin:/sbin:/bin");
    CHECK(values.perfdata == "C");
}

TEST_CASE("script check: stdin is at end of file and no other descriptor leaks in", "[checks]") {
    check_test::TempDir dir;
    dir.write("reads_stdin", "#!/bin/sh\ncat\necho \"read done\"\n");
    const auto read = run_script(dir, "reads_stdin", {}, 3000ms);
    CHECK(read.output == "read done");

    const int fd = ::open("/dev/null", O_RDONLY);  // no O_CLOEXEC: a careless spawn would pass it on
    REQUIRE(::dup2(fd, 200) == 200);
    ::close(fd);
    dir.write("fd_200", "#!/bin/sh\nif [ -e /proc/$$/fd/200 ]; then echo LEAKED; else echo CLEAN; fi\n");
    const auto leak = run_script(dir, "fd_200");
    ::close(200);
    CHECK(leak.output == "CLEAN");
}

TEST_CASE("script check: stdout is read up to its bound and the rest is drained", "[checks]") {
    check_test::TempDir dir;
    // 1 MiB, far beyond the pipe buffer and kMaxPluginStdoutBytes: the script must not block.
    dir.write("chatty", "#!/bin/sh\nhead -c 1048576 /dev/zero | tr '\\0' 'a'\necho\nexit 1\n");
    const auto outcome = run_script(dir, "chatty", {}, 5000ms);
    CHECK(outcome.nagios_code == 1);
    CHECK(outcome.output.size() == niamd::metrics::kMaxPluginOutputBytes);
    CHECK_THAT(outcome.output, Catch::EndsWith("..."));
}

TEST_CASE("script check: a hung script is killed with its children at the timeout, UNKNOWN", "[checks]") {
    check_test::TempDir dir;
    const auto pid_file = dir.path() / "child.pid";
    dir.write("hangs", "#!/bin/sh\necho 'starting'\nsleep 1000 &\necho $! > " + pid_file.string() + "\nwait\n");
    const auto start = std::chrono::steady_clock::now();
    const auto outcome = run_script(dir, "hangs", {}, 1000ms);
    const double elapsed = check_test::seconds_since(start);
    CHECK_FALSE(outcome.ok);
    CHECK(outcome.nagios_code == 3);
    CHECK(outcome.output == "script 'hangs' timed out after 1 s and was killed");
    CHECK(elapsed >= 0.95);
    CHECK(elapsed < 3.0);
    const std::string child = read_file(pid_file);
    REQUIRE_FALSE(child.empty());
    const auto child_pid = static_cast<pid_t>(std::stol(child));
    for (int i = 0; i < 200 && !is_dead(child_pid); ++i) std::this_thread::sleep_for(10ms);  // SIGKILL is async
    CHECK(is_dead(child_pid));
}

TEST_CASE("script check: a script that closes stdout and sleeps is still killed at the timeout", "[checks]") {
    check_test::TempDir dir;
    dir.write("quiet_hang", "#!/bin/sh\nexec >&-\nexec sleep 1000\n");
    const auto start = std::chrono::steady_clock::now();
    const auto outcome = run_script(dir, "quiet_hang", {}, 500ms);
    CHECK(outcome.nagios_code == 3);
    CHECK_THAT(outcome.output, Catch::Contains("timed out after 500 ms"));
    CHECK(check_test::seconds_since(start) < 2.5);
}

TEST_CASE("script check: a script that exits leaving a child on its stdout is not waited for", "[checks]") {
    check_test::TempDir dir;
    const auto pid_file = dir.path() / "straggler.pid";
    dir.write("leaves_child", "#!/bin/sh\nsleep 1000 &\necho $! > " + pid_file.string() + "\necho 'OK - done'\n");
    const auto start = std::chrono::steady_clock::now();
    const auto outcome = run_script(dir, "leaves_child", {}, 3000ms);
    const double elapsed = check_test::seconds_since(start);
    const std::string straggler = read_file(pid_file);
    if (!straggler.empty()) ::kill(static_cast<pid_t>(std::stol(straggler)), SIGKILL);
    CHECK(outcome.ok);
    CHECK(outcome.output == "OK - done");
    CHECK(elapsed < 2.0);
}

TEST_CASE("script check: names that are not plain file names are refused", "[checks]") {
    check_test::TempDir dir;
    for (const char* name : {"../bin/sh", "sub/check", "/bin/true", "..", ".", "", "a..b"}) {
        const auto outcome = run_script(dir, name);
        INFO(name);
        CHECK_FALSE(outcome.ok);
        CHECK(outcome.nagios_code == 3);
        CHECK_THAT(outcome.output, Catch::Contains("refused: must be a plain file name (no '/', no '..')"));
    }
    CHECK(niamd::checks::is_plain_script_name("check_disk.sh"));
    CHECK_FALSE(niamd::checks::is_plain_script_name(std::string("a\0b", 3)));
}

TEST_CASE("script check: missing, non-executable, directory, #!-less and orphaned scripts are UNKNOWN", "[checks]") {
    check_test::TempDir dir;
    const auto missing = run_script(dir, "check_nothing");
    CHECK(missing.nagios_code == 3);
    CHECK_FALSE(missing.ok);
    CHECK(missing.output == "script 'check_nothing' not found in " + dir.path().string());

    dir.write("not_executable", "#!/bin/sh\necho OK\n", 0644);
    const auto plain = run_script(dir, "not_executable");
    CHECK(plain.nagios_code == 3);
    CHECK(plain.output == "script 'not_executable' is not executable");

    std::filesystem::create_directory(dir.path() / "folder");
    const auto folder = run_script(dir, "folder");
    CHECK(folder.nagios_code == 3);
    CHECK(folder.output == "script 'folder' is not a regular file");

    dir.write("no_shebang", "echo OK\n");
    const auto bare = run_script(dir, "no_shebang");
    CHECK(bare.nagios_code == 3);
    CHECK(bare.output == "script 'no_shebang' cannot be executed (no '#!' line?)");

    dir.write("bad_interpreter", "#!/no/such/interpreter\necho OK\n");
    const auto orphan = run_script(dir, "bad_interpreter");
    CHECK(orphan.nagios_code == 3);
    CHECK(orphan.output == "cannot start script 'bad_interpreter': its '#!' interpreter was not found");
}
