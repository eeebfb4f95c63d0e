// ALERT_SCRIPT: run directly with subject and message as two arguments, no shell.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "master/alert_script.hpp"

using niamd::master::run_alert_script;

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

TEST_CASE("alert script: gets no secret from the master's environment and none of its descriptors", "[master]") {
    const auto dir = std::filesystem::temp_directory_path() / ("niam-alert-env-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto script = dir / "page-me";
    const auto out = dir / "out";
    {
        std::ofstream file(script);
        file << "#!/bin/sh\n{ env; ls /proc/self/fd; } > '" << out.string() << "'\n";
    }
    ::chmod(script.c_str(), 0700);
    ::setenv("AWS_SECRET_ACCESS_KEY", "niamTestSecretForAlertScript", 1);
    // Not CLOEXEC, as httplib's sockets are not; numbered high so that `ls` opening its
    // own directory (fd 3) is not mistaken for it.
    const int low_fd = ::open("/dev/null", O_RDONLY);
    const int open_fd = ::fcntl(low_fd, F_DUPFD, 200);
    ::close(low_fd);
    REQUIRE(open_fd >= 200);
    auto ran = run_alert_script(script.string(), "s", "m");
    ::close(open_fd);
    ::unsetenv("AWS_SECRET_ACCESS_KEY");
    REQUIRE(ran);
    std::ifstream in(out);
    std::stringstream text;
    text << in.rdbuf();
    CHECK(text.str().find("niamTestSecretForAlertScript") == std::string::npos);
    CHECK(text.str().find("PATH=/usr/sbin:/usr/bin:/sbin:/bin") != std::string::npos);
    std::istringstream lines(text.str());
    bool leaked = false;
    for (std::string line; std::getline(lines, line);) {
        if (line == std::to_string(open_fd)) leaked = true;
    }
    CHECK_FALSE(leaked);
    std::filesystem::remove_all(dir);
}
