// The DOCKER source against the fake Docker Engine API on a unix socket: events, container
// logs (framed and TTY), existing containers, resuming after a restart of niamd or of the
// engine, and an engine that refuses our API version.
#include <catch2/catch.hpp>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "client/config_source.hpp"
#include "client/docker_source.hpp"
#include "fake_engine.hpp"
#include "protocol/log_record.hpp"

using niamd::client::ConfigSource;
using niamd::client::DockerSource;
using niamd::protocol::Event;
using niamd::protocol::field_value;
using niamd::protocol::LogLine;
using niamd::protocol::Record;
using niamd::protocol::RecordKind;
using scenario::FakeEngine;
using scenario::json_string;

namespace {

// A client's view: its config naming the fake's socket, and what its DOCKER source returned.
struct Client {
    // more: statements added to the config (LOG_RATE, LOG_MAX_LINE).
    explicit Client(const FakeEngine& engine, std::size_t max_queued = niamd::docker::kDefaultMaxQueuedItems,
                    const std::string& more = "")
        : folder(engine.folder() + "/client"), max_queued(max_queued) {
        std::filesystem::create_directories(folder);
        std::ofstream(folder + "/niam.conf") << "INTERVAL 5\nDOCKER socket=" << engine.socket() << "\n" << more;
        config = std::make_unique<ConfigSource>(nullptr, "", "web1", folder, folder + "/niam.conf");
        config->refresh();
        start();
    }
    void start() {
        source = std::make_unique<DockerSource>(niamd::client::ClientIdentity{"NOT-AWS", "web1"}, *config,
                                                folder + "/docker.state", std::chrono::milliseconds(50), max_queued);
    }
    // A crash: what the source returned but was not kept stays off its state file.
    void restart() {
        source.reset();
        start();
    }
    // Rounds of the client's loop (collect, then kept) until `done` holds or 20 s pass.
    template <class Done>
    bool collect_until(Done done, bool keep = true) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (true) {
            auto records = source->collect(now != 0 ? now : static_cast<std::int64_t>(std::time(nullptr)));
            if (keep) source->kept(true);
            for (auto& record : records) {
                if (record.kind == RecordKind::Log) lines.push_back(*niamd::protocol::log_line_of(record));
                if (record.kind == RecordKind::Event) events.push_back(*niamd::protocol::event_of(record));
                if (record.kind == RecordKind::Problem) problems.push_back(record);
            }
            if (done()) return true;
            if (std::chrono::steady_clock::now() > deadline) return false;
            struct timespec pause {
                0, 50 * 1000 * 1000
            };
            ::nanosleep(&pause, nullptr);
        }
    }
    bool connected() { return source->watcher_counts().connections > 0; }
    void wait_connected() {
        REQUIRE(collect_until([this] { return connected(); }));
    }
    std::vector<Event> of_kind(const std::string& kind) const {
        std::vector<Event> out;
        for (const auto& event : events) {
            if (event.kind == kind) out.push_back(event);
        }
        return out;
    }
    std::vector<LogLine> lines_of(const std::string& source_name) const {
        std::vector<LogLine> out;
        for (const auto& line : lines) {
            if (line.source == source_name) out.push_back(line);
        }
        return out;
    }

    std::string folder;
    std::size_t max_queued;
    std::int64_t now = 0;  // the client's clock for collect(); 0: the real one
    std::unique_ptr<ConfigSource> config;
    std::unique_ptr<DockerSource> source;
    std::vector<LogLine> lines;
    std::vector<Event> events;
    std::vector<Record> problems;
};

std::string create(const FakeEngine& engine, const std::string& name, bool tty = false) {
    return engine.control("/containers", R"({"name":")" + name + R"(","image":"nginx:1.27","start":true,"tty":)" +
                                             (tty ? "true" : "false") + "}");
}

void write_logs(const FakeEngine& engine, const std::string& name, const std::string& data,
                const std::string& stream = "stdout", bool same_time = false) {
    engine.control("/containers/" + name + "/logs", R"({"stream":")" + stream + R"(","data":)" + json_string(data) +
                                                        (same_time ? R"(,"same_time":true})" : "}"));
}

std::vector<std::string> texts(const std::vector<LogLine>& lines) {
    std::vector<std::string> out;
    for (const auto& line : lines) out.push_back(line.line);
    return out;
}

// The lines' sequence numbers counted from the first one (a container new to niamd numbers
// from its first line's collect time × 1,000,000).
std::vector<std::uint64_t> seqs(const std::vector<LogLine>& lines) {
    std::vector<std::uint64_t> out;
    if (lines.empty()) return out;
    CHECK(lines.front().seq >= 1700000000ull * 1000000);
    for (const auto& line : lines) out.push_back(line.seq - lines.front().seq + 1);
    return out;
}

}  // namespace

TEST_CASE("docker: a container restarted 3 times gives 3 docker.restart events", "[docker]") {
    FakeEngine engine;
    Client client(engine);
    client.wait_connected();
    create(engine, "web");
    for (int i = 0; i < 3; ++i) engine.control("/containers/web/restart");
    REQUIRE(client.collect_until([&] { return client.of_kind("docker.restart").size() >= 3; }));
    const auto restarts = client.of_kind("docker.restart");
    CHECK(restarts.size() == 3);
    for (const auto& event : restarts) {
        CHECK(field_value(event, "container") == "web");
        CHECK(field_value(event, "container_id").size() == 64);
        CHECK(field_value(event, "image") == "nginx:1.27");
        CHECK(event.id.rfind("docker:", 0) == 0);
    }
    CHECK(client.of_kind("docker.create").size() == 1);
    CHECK(client.of_kind("docker.start").size() == 4);
    CHECK(client.of_kind("docker.kill").size() == 3);
    CHECK(client.of_kind("docker.die").size() == 3);
    CHECK(client.of_kind("docker.stop").size() == 3);
}

TEST_CASE("docker: a die with exit code 137 and an oom give their events with their fields", "[docker]") {
    FakeEngine engine;
    Client client(engine);
    client.wait_connected();
    create(engine, "batch");
    engine.control("/containers/batch/die", R"({"exitCode":137})");
    engine.control("/containers/batch/start");
    engine.control("/containers/batch/oom");
    engine.control("/containers/batch/start");
    engine.control("/containers/batch/kill", R"({"signal":"9"})");
    engine.control("/containers/batch/start");
    engine.control("/containers/batch/health", R"({"status":"unhealthy"})");
    engine.control("/images/pull", R"({"image":"redis:7"})");
    engine.control("/containers/batch/destroy");
    REQUIRE(client.collect_until([&] { return !client.of_kind("docker.destroy").empty(); }));
    const auto dies = client.of_kind("docker.die");
    REQUIRE(dies.size() == 3);
    CHECK(field_value(dies[0], "exit_code") == "137");
    CHECK(field_value(dies[1], "exit_code") == "137");  // after the oom
    CHECK(field_value(dies[2], "exit_code") == "137");  // 128 + SIGKILL
    REQUIRE(client.of_kind("docker.oom").size() == 1);
    CHECK(field_value(client.of_kind("docker.oom")[0], "container") == "batch");
    REQUIRE(client.of_kind("docker.kill").size() == 1);
    CHECK(field_value(client.of_kind("docker.kill")[0], "signal") == "9");
    REQUIRE(client.of_kind("docker.health_status").size() == 1);
    CHECK(field_value(client.of_kind("docker.health_status")[0], "health") == "unhealthy");
    REQUIRE(client.of_kind("docker.pull").size() == 1);
    CHECK(field_value(client.of_kind("docker.pull")[0], "image") == "redis:7");
}

TEST_CASE("docker: framed logs arrive split into stdout and stderr lines and a TTY container's as stdout", "[docker]") {
    FakeEngine engine;
    // A wrong Content-Type for both: the TTY decision comes from Config.Tty.
    engine.control("/engine/version", R"({"logs_content_type":"application/vnd.docker.raw-stream"})");
    Client client(engine);
    client.wait_connected();
    create(engine, "api");
    create(engine, "console", true);
    REQUIRE(client.collect_until([&] { return client.of_kind("docker.start").size() == 2; }));
    write_logs(engine, "api", "GET / 200\n\x1b[32mGET /health 200\x1b[0m\n");
    write_logs(engine, "api", "error: upstream timed out\n");
    write_logs(engine, "api", "error: upstream timed out\n", "stderr");
    write_logs(engine, "console", std::string("\x01\x02 raw\r\nprompt> ok\n"));
    REQUIRE(client.collect_until(
        [&] { return client.lines_of("docker:api").size() >= 4 && client.lines_of("docker:console").size() >= 2; }));
    const auto api = client.lines_of("docker:api");
    REQUIRE(api.size() == 4);
    CHECK(texts(api) == std::vector<std::string>{"GET / 200", "GET /health 200", "error: upstream timed out",
                                                 "error: upstream timed out"});
    CHECK(api[0].stream == "stdout");
    CHECK(api[2].stream == "stdout");
    CHECK(api[3].stream == "stderr");
    CHECK(seqs(api) == std::vector<std::uint64_t>{1, 2, 3, 4});
    const auto now = static_cast<std::int64_t>(std::time(nullptr));
    CHECK(api[0].time > now - 60);
    CHECK(api[0].time <= now);
    const auto console = client.lines_of("docker:console");
    REQUIRE(console.size() == 2);
    CHECK(console[0].line == "\x01\x02 raw");
    CHECK(console[0].stream == "stdout");
    CHECK(console[1].line == "prompt> ok");
}

TEST_CASE("docker: lines past the full queue are dropped counted and told as a log.dropped event", "[docker]") {
    FakeEngine engine;
    Client client(engine, 5);
    client.wait_connected();
    create(engine, "chatty");
    REQUIRE(client.collect_until([&] { return !client.of_kind("docker.start").empty(); }));
    std::string lines;
    for (int i = 1; i <= 20; ++i) lines += "line " + std::to_string(i) + "\n";
    write_logs(engine, "chatty", lines);
    // Nothing collects while the watcher reads them: 5 fit, 15 are dropped.
    REQUIRE(
        scenario::eventually([&] { return client.source->watcher_counts().dropped >= 15; }, std::chrono::seconds(20)));
    REQUIRE(client.collect_until([&] { return !client.of_kind("log.dropped").empty(); }));
    CHECK(texts(client.lines_of("docker:chatty")) ==
          std::vector<std::string>{"line 1", "line 2", "line 3", "line 4", "line 5"});
    const auto dropped = client.of_kind("log.dropped");
    REQUIRE(dropped.size() == 1);
    CHECK(field_value(dropped[0], "source") == "docker");
    CHECK(field_value(dropped[0], "lines") == "15");
}

TEST_CASE("docker: a line longer than LOG_MAX_LINE arrives cut with the cut bytes counted", "[docker]") {
    FakeEngine engine;
    Client client(engine);
    client.wait_connected();
    create(engine, "big");
    REQUIRE(client.collect_until([&] { return !client.of_kind("docker.start").empty(); }));
    write_logs(engine, "big", std::string(40000, 'x') + "\nsmall\n", "stderr");
    REQUIRE(client.collect_until([&] { return client.lines.size() >= 2; }));
    const auto big = client.lines_of("docker:big");
    REQUIRE(big.size() == 2);
    CHECK(big[0].line == std::string(16 * 1024, 'x'));
    CHECK(big[0].cut_bytes == 40000 - 16 * 1024);
    CHECK(big[0].stream == "stderr");
    CHECK(big[1].line == "small");
    CHECK(big[1].cut_bytes == 0);
}

TEST_CASE("docker: lines over LOG_RATE in a second are dropped, counted and told once a minute, long ones cut",
          "[docker]") {
    FakeEngine engine;
    Client client(engine, niamd::docker::kDefaultMaxQueuedItems, "LOG_RATE 5\nLOG_MAX_LINE 1024\n");
    client.now = 1800000000;  // one second of the client's clock, whatever the engine's times
    client.wait_connected();
    create(engine, "chatty");
    REQUIRE(client.collect_until([&] { return !client.of_kind("docker.start").empty(); }));
    std::string lines;
    for (int i = 1; i <= 20; ++i) lines += "line " + std::to_string(i) + "\n";
    write_logs(engine, "chatty", lines);
    REQUIRE(
        client.collect_until([&] { return client.source->counts().lines + client.source->counts().over_rate >= 20; }));
    CHECK(texts(client.lines_of("docker:chatty")) ==
          std::vector<std::string>{"line 1", "line 2", "line 3", "line 4", "line 5"});
    CHECK(client.source->counts().over_rate == 15);
    // Told at once, then at most once a minute: what came after the first event comes 60 s later.
    client.now += 60;
    REQUIRE(client.collect_until([] { return true; }));
    const auto told = client.of_kind("log.dropped");
    REQUIRE_FALSE(told.empty());
    CHECK(told.size() <= 2);
    std::uint64_t dropped = 0;
    for (const auto& event : told) {
        CHECK(field_value(event, "source") == "docker:chatty");
        CHECK(field_value(event, "since") == "1800000000");
        dropped += std::stoull(std::string(field_value(event, "dropped")));
    }
    CHECK(dropped == 15);
    CHECK(told.front().time == 1800000000);
    if (told.size() == 2) CHECK(told.back().time == 1800000060);

    // LOG_MAX_LINE 1024: cut and marked.
    write_logs(engine, "chatty", std::string(3000, 'z') + "\nafter\n");
    REQUIRE(client.collect_until([&] { return client.lines_of("docker:chatty").size() >= 7; }));
    const auto all = client.lines_of("docker:chatty");
    REQUIRE(all.size() == 7);
    CHECK(all[5].line == std::string(1024, 'z'));
    CHECK(all[5].cut_bytes == 3000 - 1024);
    CHECK(all[6].line == "after");
    CHECK(client.source->counts().over_rate == 15);
    // Seqs without a gap: dropped lines take no number.
    CHECK(seqs(all) == std::vector<std::uint64_t>{1, 2, 3, 4, 5, 6, 7});
}

TEST_CASE("docker: an existing container's logs are followed too", "[docker]") {
    FakeEngine engine;
    create(engine, "old");
    write_logs(engine, "old", "started long ago\n");
    write_logs(engine, "old", "a warning\n");
    write_logs(engine, "old", "a warning\n", "stderr");
    Client client(engine);
    REQUIRE(client.collect_until([&] { return client.lines_of("docker:old").size() >= 3; }));
    write_logs(engine, "old", "and now\n");
    REQUIRE(client.collect_until([&] { return client.lines_of("docker:old").size() >= 4; }));
    const auto old = client.lines_of("docker:old");
    CHECK(texts(old) == std::vector<std::string>{"started long ago", "a warning", "a warning", "and now"});
    CHECK(old[2].stream == "stderr");
    CHECK(client.of_kind("docker.create").empty());  // before niamd: not an event of ours
}

TEST_CASE("docker: a restart of niamd resumes without repeats and a crash re-reads with the same seqs", "[docker]") {
    FakeEngine engine;
    Client client(engine);
    client.wait_connected();
    create(engine, "web");
    REQUIRE(client.collect_until([&] { return client.of_kind("docker.start").size() == 1; }));
    write_logs(engine, "web", "one\ntwo\n");
    write_logs(engine, "web", "three\nfour\n", "stdout", true);  // two lines at one timestamp: `since` is inclusive
    REQUIRE(client.collect_until([&] { return client.lines.size() >= 4; }));
    // niamd stops (kept on disk); the container restarts and logs while it is away.
    client.restart();
    engine.control("/containers/web/restart");
    write_logs(engine, "web", "five\n");
    REQUIRE(
        client.collect_until([&] { return client.lines.size() >= 5 && !client.of_kind("docker.restart").empty(); }));
    // A crash: these are read but never reach the outbox, so they come again with their seqs.
    write_logs(engine, "web", "six\nseven\n");
    const std::size_t before_crash = client.lines.size();
    REQUIRE(client.collect_until([&] { return client.lines.size() >= before_crash + 2; }, false));
    client.restart();
    REQUIRE(client.collect_until([&] { return client.lines.size() >= before_crash + 4; }));
    // Give a repeat the chance to show.
    write_logs(engine, "web", "eight\n");
    REQUIRE(client.collect_until([&] { return client.lines.size() >= before_crash + 5; }));
    const auto web = client.lines_of("docker:web");
    CHECK(texts(web) ==
          std::vector<std::string>{"one", "two", "three", "four", "five", "six", "seven", "six", "seven", "eight"});
    CHECK(seqs(web) == std::vector<std::uint64_t>{1, 2, 3, 4, 5, 6, 7, 6, 7, 8});
    CHECK(client.of_kind("docker.start").size() == 2);
    CHECK(client.of_kind("docker.restart").size() == 1);
    CHECK(client.of_kind("docker.create").size() == 1);
}

TEST_CASE("docker: an engine restart is survived with nothing repeated or lost", "[docker]") {
    FakeEngine engine;
    Client client(engine);
    client.wait_connected();
    create(engine, "web");
    write_logs(engine, "web", "before\n");
    REQUIRE(client.collect_until([&] { return client.lines.size() >= 1; }));
    engine.control("/engine/restart", R"({"down_ms":700})");
    REQUIRE(client.collect_until([&] { return client.source->watcher_counts().connections >= 2; }));
    write_logs(engine, "web", "after\n");
    engine.control("/containers/web/restart");
    write_logs(engine, "web", "restarted\n");
    REQUIRE(
        client.collect_until([&] { return client.lines.size() >= 3 && !client.of_kind("docker.restart").empty(); }));
    const auto web = client.lines_of("docker:web");
    CHECK(texts(web) == std::vector<std::string>{"before", "after", "restarted"});
    CHECK(seqs(web) == std::vector<std::uint64_t>{1, 2, 3});
    CHECK(client.of_kind("docker.create").size() == 1);
    CHECK(client.of_kind("docker.restart").size() == 1);
}

TEST_CASE("docker: an engine refusing our API version gives a clear PROBLEM until it accepts it", "[docker]") {
    FakeEngine engine({"--api", "1.52", "--min-api", "1.50"});
    Client client(engine);
    REQUIRE(client.collect_until([&] { return !client.problems.empty(); }));
    const Record& problem = client.problems.front();
    CHECK(problem.target == "docker");
    CHECK(problem.status == 1);
    REQUIRE(problem.output.has_value());
    CHECK(problem.output->find("needs API version 1.50 or newer; this niamd speaks up to 1.47") != std::string::npos);
    CHECK(problem.output->find(engine.socket()) != std::string::npos);
    engine.control("/engine/version", R"({"min_api":"1.44"})");
    REQUIRE(client.collect_until([&] { return client.problems.back().status == 0; }));
    create(engine, "web");
    REQUIRE(client.collect_until([&] { return !client.of_kind("docker.start").empty(); }));
}
