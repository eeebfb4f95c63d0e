// niamd started as root: it drops to --user once its sockets are bound (the master's web
// interface still answers), what it created as root becomes the user's, its SCRIPT checks
// run as the user, and a state dir of another owner is refused, named.
#include <catch2/catch.hpp>

#include <httplib.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <sys/stat.h>

#include "daemon_process.hpp"
#include "local_stack.hpp"
#include "niamd_scenario.hpp"
#include "process/account.hpp"
#include "stack_helpers.hpp"
#include "test_skip.hpp"
#include "support/read_file.hpp"

using namespace std::chrono_literals;
using scenario::DaemonProcess;
using scenario::eventually;

namespace {

using test_support::read_file;

// The Uid: line of /proc/PID/status (real, effective, saved, filesystem), e.g. "65534 65534 65534 65534".
std::string uid_line(pid_t pid) {
    std::istringstream status(read_file("/proc/" + std::to_string(pid) + "/status"));
    for (std::string line; std::getline(status, line);) {
        if (line.rfind("Uid:", 0) == 0) {
            std::istringstream fields(line.substr(4));
            std::string joined;
            for (std::string field; fields >> field;) joined += (joined.empty() ? "" : " ") + field;
            return joined;
        }
    }
    return "";
}

uid_t owner_of(const std::filesystem::path& path) {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0 ? info.st_uid : static_cast<uid_t>(-1);
}

}  // namespace

TEST_CASE("niamd as root with --user nobody: the master drops once its web interface listens and it still answers",
          "[niamd][user]") {
    if (::geteuid() != 0) NIAM_SKIP("not root: nothing to drop");
    const auto nobody = niamd::process::look_up_user("nobody");
    REQUIRE(nobody);
    const std::string uids = std::to_string(nobody->uid);
    scenario::ConfigBucket bucket;
    scenario::TestQueue queue;
    scenario::ScratchDir dir;
    const std::string master_host = stack::unique_name("master");
    bucket.put_config(master_host, "ROLE=master\nWARN_AFTER 30\nPURGE_AFTER 120\nEC2_CHECK 0\n");
    const auto url_file = dir.path / "master.url";
    DaemonProcess master(
        scenario::niamd_path(),
        scenario::client_args(queue, bucket, master_host, dir.path / "master",
                              {"--web", "127.0.0.1:0", "--url-file", url_file.string(), "--user", "nobody"}),
        scenario::daemon_environment(), (dir.path / "master.out").string());
    master.start();
    REQUIRE(master.wait_for_output("running as nobody (uid " + uids, 15s));
    INFO(master.output());
    REQUIRE(master.wait_for_output("master: loaded", 15s));
    CHECK(uid_line(master.pid()) == uids + " " + uids + " " + uids + " " + uids);
    CHECK(master.output().find("runs as root") == std::string::npos);
    // Listening since before the drop, it still answers.
    const std::string url = read_file(url_file);
    REQUIRE_THAT(url, Catch::Matches("http://127\\.0\\.0\\.1:[1-9][0-9]*/\n"));
    httplib::Client web(url.substr(0, url.size() - 2));
    const auto health = web.Get("/healthz");
    REQUIRE(health);
    CHECK(health->status == 200);
    // What it made as root before the drop is nobody's now: the state and log dirs, the
    // history database, the log files; a SIGHUP reopens the logs as nobody.
    CHECK(owner_of(dir.path / "master/state") == nobody->uid);
    CHECK(owner_of(dir.path / "master/log") == nobody->uid);
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir.path / "master/state")) {
        INFO(entry.path());
        CHECK(owner_of(entry.path()) == nobody->uid);
    }
    master.signal(SIGHUP);
    REQUIRE(master.wait_for_output("SIGHUP: reloading the config", 10s));
    CHECK(master.stop() < 3000ms);
    CHECK(master.exit_status() == 0);
    CHECK(master.output().find("ERROR") == std::string::npos);
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("niamd as root with --user nobody: the client and its SCRIPT checks run as nobody", "[niamd][user]") {
    if (::geteuid() != 0) NIAM_SKIP("not root: nothing to drop");
    const auto nobody = niamd::process::look_up_user("nobody");
    REQUIRE(nobody);
    scenario::ConfigBucket bucket;
    scenario::TestQueue queue;
    scenario::ScratchDir dir;
    const std::string host = stack::unique_name("dropped");
    bucket.put("scripts/whoami", "#!/bin/sh\necho \"OK - uid $(id -u)\"\n");
    bucket.put_config(host, "SCRIPT whoami\n");
    DaemonProcess niamd(scenario::niamd_path(),
                        scenario::client_args(queue, bucket, host, dir.path, {"--once", "--user", "nobody"}),
                        scenario::daemon_environment(), (dir.path / "out.log").string());
    niamd.start();
    REQUIRE(niamd.wait(30s) == 0);
    INFO(niamd.output());
    CHECK(niamd.output().find("running as nobody") != std::string::npos);
    bool seen = false;
    for (const auto& message : queue.drain()) {
        for (const auto& record : message.records) {
            if (record.kind != niamd::protocol::RecordKind::Script) continue;
            seen = true;
            CHECK(record.output == std::optional<std::string>("OK - uid " + std::to_string(nobody->uid)));
        }
    }
    CHECK(seen);
    // The script is the user's (written after the drop), private to it.
    CHECK(owner_of(dir.path / "state/scripts/whoami") == nobody->uid);
    CHECK(std::filesystem::status(dir.path / "state/scripts/whoami").permissions() ==
          std::filesystem::perms::owner_all);
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("niamd as root: a state dir of another owner is refused by name and a --user of no one is an error",
          "[niamd][user]") {
    if (::geteuid() != 0) NIAM_SKIP("not root: nothing to drop");
    scenario::ScratchDir dir;
    std::filesystem::create_directories(dir.path / "state");  // root's, as from a run as root
    auto run = [&](const std::string& user) {
        DaemonProcess niamd(scenario::niamd_path(),
                            {"-f", "-q", "q", "-b", "b", "--state-dir", (dir.path / "state").string(), "--log-dir",
                             (dir.path / "log").string(), "--user", user},
                            scenario::daemon_environment(), (dir.path / (user + ".out")).string());
        niamd.start();
        const int status = niamd.wait(10s);
        return std::make_pair(status, niamd.output());
    };
    const auto [refused, said] = run("nobody");
    CHECK(refused == 1);
    CHECK_THAT(said, Catch::Contains("niamd: " + (dir.path / "state").string() + " belongs to root, not to nobody, " +
                                     "whom niamd runs as: chown -R nobody: " + (dir.path / "state").string()));
    CHECK(owner_of(dir.path / "state") == 0);  // not chowned behind its owner's back
    const auto [unknown, told] = run("no-such-niam-user");
    CHECK(unknown == 1);
    CHECK_THAT(told, Catch::Contains("niamd: --user no-such-niam-user: no such user"));
}
