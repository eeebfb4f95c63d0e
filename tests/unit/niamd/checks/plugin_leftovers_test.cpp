// What a plugin leaves behind: a `sleep 300 &` in its process group and a `setsid` child in
// a session of its own. With the client as their subreaper, both are killed and reaped after
// each round, counted, and nothing piles up from cycle to cycle.
#include <catch2/catch.hpp>

#include <signal.h>

#include <fstream>
#include <set>
#include <thread>

#include "checks/script_check.hpp"
#include "niamd/checks/check_fixtures.hpp"
#include "process/running_children.hpp"

using namespace std::chrono_literals;

namespace {

// Gone: no /proc entry, so not even a zombie waiting to be reaped.
bool is_gone(pid_t pid) { return !std::filesystem::exists("/proc/" + std::to_string(pid)); }

std::vector<pid_t> read_pids(const std::filesystem::path& path) {
    std::vector<pid_t> pids;
    std::ifstream in(path);
    for (long pid = 0; in >> pid;) pids.push_back(static_cast<pid_t>(pid));
    return pids;
}

}  // namespace

TEST_CASE("plugin leftovers: children a plugin leaves behind do not outlive the cycle", "[checks][leftovers]") {
    REQUIRE(niamd::process::adopt_orphans());
    check_test::TempDir dir;
    const auto pid_file = dir.path() / "pids";
    dir.write("leaver",
              "#!/bin/sh\nsleep 300 &\necho $! >> \"$1\"\nsetsid sleep 300 &\necho $! >> \"$1\"\n"
              "echo 'OK - two left behind'\n");
    const auto total_before = niamd::process::leftovers_total();
    std::size_t swept = 0;
    constexpr int kCycles = 3;
    for (int cycle = 0; cycle < kCycles; ++cycle) {
        const auto outcome = niamd::checks::ScriptCheck(dir.path(), "leaver", {pid_file.string()}).run(5000ms);
        CHECK(outcome.ok);
        CHECK(outcome.output == "OK - two left behind");
        swept += niamd::process::sweep_leftovers();
    }
    const auto pids = read_pids(pid_file);
    REQUIRE(pids.size() == 2 * kCycles);
    std::size_t left = 0;
    for (const pid_t pid : pids) {
        for (int i = 0; i < 200 && !is_gone(pid); ++i) std::this_thread::sleep_for(10ms);
        if (!is_gone(pid)) {
            ++left;
            ::kill(pid, SIGKILL);  // the test cleans up what the code under test left
        }
    }
    CHECK(left == 0);
    CHECK(swept == 2 * kCycles);
    CHECK(niamd::process::leftovers_total() - total_before == 2 * kCycles);
}

TEST_CASE("plugin leftovers: a sweep leaves a plugin that is still running alone", "[checks][leftovers]") {
    REQUIRE(niamd::process::adopt_orphans());
    check_test::TempDir dir;
    const auto started = dir.path() / "started";
    dir.write("slow", "#!/bin/sh\ntouch \"$1\"\nsleep 1\necho 'OK - slow'\n");
    std::optional<niamd::checks::CheckOutcome> outcome;
    std::thread check(
        [&] { outcome = niamd::checks::ScriptCheck(dir.path(), "slow", {started.string()}).run(5000ms); });
    for (int i = 0; i < 300 && !std::filesystem::exists(started); ++i) std::this_thread::sleep_for(10ms);
    CHECK(niamd::process::sweep_leftovers() == 0);
    check.join();
    REQUIRE(outcome);
    CHECK(outcome->ok);
    CHECK(outcome->output == "OK - slow");
}
