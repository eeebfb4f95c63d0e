// The real niamd client with a DOCKER statement: the fake engine's events and a container's
// logs reach the queue as EVENT and LOG records, riding in the heartbeat's messages.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "daemon_process.hpp"
#include "fake_engine.hpp"
#include "niamd_scenario.hpp"
#include "protocol/log_record.hpp"
#include "local_stack.hpp"

using namespace std::chrono_literals;
using niamd::protocol::RecordKind;

TEST_CASE("niamd client: DOCKER sends the engine's events and a container's stdout and stderr lines",
          "[niamd][client]") {
    scenario::FakeEngine engine;
    scenario::ConfigBucket bucket;
    scenario::TestQueue queue;
    scenario::ScratchDir dir;
    const std::string host = stack::unique_name("docker");
    // A container running before niamd: its lines are followed too.
    engine.control("/containers", R"({"name":"web","image":"nginx:1.27","start":true})");
    engine.control("/containers/web/logs", R"({"stream":"stdout","data":"GET / 200\n"})");
    engine.control("/containers/web/logs", R"({"stream":"stderr","data":"upstream timed out\n"})");
    bucket.put_config(host, "INTERVAL 2\nMETRICS 0\nINVENTORY 0\nDOCKER socket=" + engine.socket() + "\n");
    scenario::DaemonProcess niamd(scenario::niamd_path(), scenario::client_args(queue, bucket, host, dir.path),
                                  scenario::daemon_environment(), (dir.path / "out.log").string());
    niamd.start();
    REQUIRE(niamd.wait_for_output("docker: following the engine at", 30s));
    for (int i = 0; i < 3; ++i) engine.control("/containers/web/restart");
    engine.control("/containers/web/die", R"({"exitCode":137})");
    std::vector<niamd::protocol::LogLine> lines;
    std::vector<niamd::protocol::Event> events;
    auto count = [&events](const std::string& kind) {
        return std::count_if(events.begin(), events.end(), [&kind](const auto& e) { return e.kind == kind; });
    };
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while ((lines.size() < 2 || count("docker.die") < 4) && std::chrono::steady_clock::now() < deadline) {
        for (const auto& message : queue.drain(1, 5s)) {
            for (const auto& record : message.records) {
                if (record.kind == RecordKind::Log) lines.push_back(*niamd::protocol::log_line_of(record));
                if (record.kind == RecordKind::Event) events.push_back(*niamd::protocol::event_of(record));
            }
        }
    }
    niamd.stop();
    INFO(niamd.output());
    REQUIRE(lines.size() == 2);
    CHECK(lines[0].source == "docker:web");
    CHECK(lines[0].line == "GET / 200");
    CHECK(lines[0].stream == "stdout");
    CHECK(lines[0].seq >= 1700000000ull * 1000000);  // a new container numbers from its start time × 1e6
    CHECK(lines[1].line == "upstream timed out");
    CHECK(lines[1].stream == "stderr");
    CHECK(lines[1].seq == lines[0].seq + 1);
    CHECK(count("docker.restart") == 3);
    REQUIRE(count("docker.die") == 4);
    const auto last_die =
        std::find_if(events.rbegin(), events.rend(), [](const auto& e) { return e.kind == "docker.die"; });
    CHECK(niamd::protocol::field_value(*last_die, "exit_code") == "137");
    CHECK(niamd::protocol::field_value(*last_die, "container") == "web");
}
