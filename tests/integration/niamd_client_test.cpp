// The niamd client against the local AWS stack, as a real process: config from S3, the
// records it puts on the queue, an SQS outage across a restart, a config change without
// restart, signals, daemon mode and the cached config.
#include <catch2/catch.hpp>
#include <httplib.h>

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <numeric>
#include <fstream>
#include <thread>

#include "cli_runner.hpp"
#include "daemon_process.hpp"
#include "local_stack.hpp"
#include "niamd_scenario.hpp"
#include "protocol/record_decoder.hpp"
#include "protocol/record_encoder.hpp"
#include "stack_helpers.hpp"

using namespace std::chrono_literals;
using niamd::protocol::Record;
using niamd::protocol::RecordKind;
using scenario::DaemonProcess;
using scenario::eventually;
using stack::LocalStack;

namespace {

const std::string kInstance = "i-0123456789abcdef0";  // the stack's IMDS answer

// A loopback web server answering 200 on every path.
struct WebServer {
    WebServer() {
        server.Get(".*", [](const httplib::Request&, httplib::Response& response) {
            response.set_content("ok", "text/plain");
        });
        port = server.bind_to_any_port("127.0.0.1");
        thread = std::thread([this] { server.listen_after_bind(); });
    }
    ~WebServer() {
        server.stop();
        thread.join();
    }
    httplib::Server server;
    int port = 0;
    std::thread thread;
};

std::vector<Record> all_records(const std::vector<scenario::QueuedMessage>& messages) {
    std::vector<Record> records;
    for (const auto& message : messages) records.insert(records.end(), message.records.begin(), message.records.end());
    return records;
}

// The heartbeats, check results and PROBLEMs of the messages: what a test of checks and configs
// counts (every heartbeat also carries the outbox's own niamd.outbox.* samples, and the first
// one the host's inventory).
std::vector<Record> check_records(const std::vector<scenario::QueuedMessage>& messages) {
    std::vector<Record> records;
    for (const auto& record : all_records(messages)) {
        if (record.kind != RecordKind::Metric && record.kind != RecordKind::Inventory) records.push_back(record);
    }
    return records;
}

}  // namespace

TEST_CASE("niamd client: conf/<host> gives PING, LPING, HTTP and SCRIPT records as documented", "[niamd][client]") {
    scenario::ConfigBucket bucket;
    scenario::TestQueue queue;
    scenario::ScratchDir dir;
    scenario::ListeningPort tcp;
    WebServer web;
    const std::string host = stack::unique_name("web");
    bucket.put("scripts/check_disk", "#!/bin/sh\necho \"DISK OK - 42% used, \\\"root\\\"|used=42%;80;90\"\nexit 0\n");
    bucket.put_config(host, "# web server\nPING 127.0.0.1 PORT " + std::to_string(tcp.port()) +
                                "\nHTTP 127.0.0.1 PORT " + std::to_string(web.port) + "\nSCRIPT check_disk /\n");
    LocalStack::get().reset_counts();
    DaemonProcess niamd(scenario::niamd_path(), scenario::client_args(queue, bucket, host, dir.path, {"--once"}),
                        scenario::daemon_environment(), (dir.path / "out.log").string());
    niamd.start();
    REQUIRE(niamd.wait(30s) == 0);
    INFO(niamd.output());
    CHECK(LocalStack::get().requests("sqs", "SendMessage") == 1);  // one message for the whole cycle

    // Read back with the debugging tool, as an operator would.
    auto received = cli_test::run_process(AWSREST_CLI_PATH, {"sqs", "receive", "--queue", queue.name(), "--max", "10"},
                                          cli_test::stack_environment(), "");
    REQUIRE(received.exit_code == 0);
    auto answer = stack::parse_json(received.out);
    REQUIRE(answer["messages"].Size() == 1);
    const std::string body = answer["messages"][0]["body"].GetString();
    auto all = niamd::protocol::decode_message(body);
    REQUIRE(all.errors.empty());
    // The cycle's heartbeat and checks, then METRICS' first collection (system metrics and the
    // SCRIPT's performance data), in the same message.
    niamd::protocol::DecodeResult decoded;
    std::vector<std::string> metric_names;
    std::size_t inventory_parts = 0;
    for (auto& record : all.records) {
        if (record.kind == RecordKind::Metric) {
            metric_names.push_back(record.target);
        } else if (record.kind == RecordKind::Inventory) {
            ++inventory_parts;  // INVENTORY's first collection (on by default)
        } else {
            decoded.records.push_back(std::move(record));
        }
    }
    REQUIRE(decoded.records.size() == 4);
    CHECK(inventory_parts >= 1);
    const auto has_metric = [&](const std::string& name) {
        return std::find(metric_names.begin(), metric_names.end(), name) != metric_names.end();
    };
    CHECK(has_metric("check_disk.used"));
    CHECK(has_metric("load.1"));
    CHECK(has_metric("mem.used_pct"));
    const auto& ping = decoded.records[0];
    // The first line is exactly an original niam PING line.
    CHECK(body.substr(0, body.find('\n')) == kInstance + "," + host + ",PING," + std::to_string(ping.time));
    const auto& lping = decoded.records[1];
    CHECK(lping.kind == RecordKind::Lping);
    CHECK(lping.target == "127.0.0.1");
    CHECK(lping.port_or_arg == std::to_string(tcp.port()));
    CHECK(lping.status == 0);
    CHECK(lping.latency_ms.has_value());
    const auto& http = decoded.records[2];
    CHECK(http.kind == RecordKind::Http);
    CHECK(http.port_or_arg == std::to_string(web.port));
    CHECK(http.status == 0);
    CHECK(http.output.value_or("").find("200") != std::string::npos);
    const auto& script = decoded.records[3];
    CHECK(script.kind == RecordKind::Script);
    CHECK(script.target == "check_disk");
    CHECK(script.port_or_arg == "/");
    CHECK(script.status == 0);
    CHECK(script.nagios_code == 0);
    CHECK(script.output == std::optional<std::string>("DISK OK - 42% used, \"root\""));
    for (const auto& record : decoded.records) {
        CHECK(record.instance == kInstance);
        CHECK(record.hostname == host);
        CHECK(record.time == ping.time);
    }
    // The script landed in the state dir, 0700; run as root (no niam user to drop to), 0750
    // in the group of nobody, whom its checks run as.
    auto perms = std::filesystem::status(dir.path / "state/scripts/check_disk").permissions();
    namespace fs = std::filesystem;
    CHECK(perms == (::geteuid() == 0 ? fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec
                                     : fs::perms::owner_all));
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("niamd client: a host with only conf/GENERIC sends PINGs only", "[niamd][client]") {
    scenario::ConfigBucket bucket;
    scenario::TestQueue queue;
    scenario::ScratchDir dir;
    bucket.put_config("GENERIC", "");
    const std::string host = stack::unique_name("plain");
    DaemonProcess niamd(scenario::niamd_path(), scenario::client_args(queue, bucket, host, dir.path, {"--once"}),
                        scenario::daemon_environment(), (dir.path / "out.log").string());
    niamd.start();
    REQUIRE(niamd.wait(30s) == 0);
    INFO(niamd.output());
    CHECK(niamd.output().find("config from s3://" + bucket.name() + "/conf/GENERIC") != std::string::npos);
    auto messages = queue.drain();
    REQUIRE(messages.size() == 1);
    // An original niam PING line first; the rest is METRICS' system metrics and the
    // inventory (both on by default).
    const std::string& body = messages[0].body;
    CHECK(body.substr(0, body.find('\n')) ==
          kInstance + "," + host + ",PING," + std::to_string(messages[0].records[0].time));
    for (std::size_t i = 1; i < messages[0].records.size(); ++i) {
        const RecordKind kind = messages[0].records[i].kind;
        CHECK((kind == RecordKind::Metric || kind == RecordKind::Inventory));
    }
}

TEST_CASE("niamd client: an SQS outage across a restart loses nothing and sends nothing twice",
          "[niamd][client][outage]") {
    stack::FaultGuard faults;
    scenario::ConfigBucket bucket;
    scenario::TestQueue queue;
    scenario::ScratchDir dir;
    const std::string host = stack::unique_name("spooler");
    const auto counter = dir.path / "counter";
    // Each cycle's SCRIPT record carries the cycle's number: gaps and repeats show.
    bucket.put("scripts/seq", "#!/bin/sh\nn=$(cat " + counter.string() +
                                  " 2>/dev/null || echo 0)\nn=$((n+1))\necho $n > " + counter.string() +
                                  "\necho \"seq $n\"\n");
    bucket.put_config(host, "INTERVAL 1\nSCRIPT seq\n");
    auto start_client = [&] {
        auto niamd = std::make_unique<DaemonProcess>(scenario::niamd_path(),
                                                     scenario::client_args(queue, bucket, host, dir.path),
                                                     scenario::daemon_environment(), (dir.path / "out.log").string());
        niamd->start();
        return niamd;
    };
    auto niamd = start_client();
    REQUIRE(niamd->wait_for_output("config from s3://", 10s));
    std::this_thread::sleep_for(2500ms);
    LocalStack::get().add_fault(R"({"service":"sqs","kind":"down"})");
    std::this_thread::sleep_for(3000ms);
    CHECK(niamd->stop() < 2000ms);
    CHECK(std::filesystem::exists(dir.path / "state/spool"));
    niamd = start_client();  // still down: the spool of the first run stays first
    std::this_thread::sleep_for(3000ms);
    LocalStack::get().clear_faults();
    REQUIRE(eventually([&] { return !std::filesystem::exists(dir.path / "state/spool"); }, 20s));
    CHECK(niamd->stop() < 2000ms);
    INFO(niamd->output());
    CHECK(niamd->output().find("outbox drained") != std::string::npos);

    auto records = all_records(queue.drain());
    std::vector<int> seqs;
    std::vector<std::int64_t> ping_times;
    for (const auto& record : records) {
        if (record.kind == RecordKind::Script) seqs.push_back(std::stoi(record.output.value_or("seq 0").substr(4)));
        if (record.kind == RecordKind::Ping) ping_times.push_back(record.time);
    }
    std::ifstream in(counter);
    int produced = 0;
    in >> produced;
    CHECK(produced >= 8);
    std::vector<int> expected(static_cast<std::size_t>(produced));
    std::iota(expected.begin(), expected.end(), 1);
    CHECK(seqs == expected);  // every record produced, in order, none twice
    // PINGs in order too (two cycles may share a second across the restart).
    CHECK(ping_times.size() == seqs.size());
    CHECK(std::is_sorted(ping_times.begin(), ping_times.end()));
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("niamd client: one SendMessage a cycle and a backlog goes with SendMessageBatch in order",
          "[niamd][client][outbox]") {
    stack::FaultGuard faults;
    scenario::ConfigBucket bucket;
    scenario::TestQueue queue;
    scenario::ScratchDir dir;
    const std::string host = stack::unique_name("outbox");
    const auto counter = dir.path / "counter";
    // The SCRIPT seq record carries the cycle's number: gaps and repeats show.
    bucket.put("scripts/seq", "#!/bin/sh\nn=$(cat " + counter.string() +
                                  " 2>/dev/null || echo 0)\nn=$((n+1))\necho $n > " + counter.string() +
                                  "\necho \"seq $n\"\n");
    // Sixteen 4 KB results a cycle: a few cycles of outage are more than one message holds.
    bucket.put("scripts/big", "#!/bin/sh\nprintf 'BIG OK - %04000d\\n' 0\n");
    std::string config = "INTERVAL 1\nSCRIPT seq\n";
    for (int i = 0; i < 16; ++i) config += "SCRIPT big " + std::to_string(i) + "\n";
    bucket.put_config(host, config);
    LocalStack::get().reset_counts();
    DaemonProcess niamd(scenario::niamd_path(), scenario::client_args(queue, bucket, host, dir.path),
                        scenario::daemon_environment(), (dir.path / "out.log").string());
    niamd.start();
    REQUIRE(niamd.wait_for_output("config from s3://", 10s));
    // Steady state: one SendMessage per cycle (each message with its one PING, checked below).
    std::this_thread::sleep_for(5s);
    // An outage of a few cycles, then the backlog.
    LocalStack::get().add_fault(R"({"service":"sqs","kind":"down"})");
    const int single = LocalStack::get().requests("sqs", "SendMessage");
    CHECK(LocalStack::get().requests("sqs", "SendMessageBatch") == 0);
    CHECK(single >= 4);
    std::this_thread::sleep_for(5s);
    CHECK(std::filesystem::exists(dir.path / "state/spool"));
    LocalStack::get().clear_faults();
    LocalStack::get().reset_counts();
    REQUIRE(eventually([&] { return niamd.output().find("outbox drained") != std::string::npos; }, 20s));
    CHECK(niamd.stop() < 2000ms);
    CHECK(LocalStack::get().requests("sqs", "SendMessageBatch") >= 1);

    const auto messages = queue.drain();
    REQUIRE(messages.size() > static_cast<std::size_t>(single));
    for (int i = 0; i < single; ++i) {
        const auto& steady = messages[static_cast<std::size_t>(i)].records;
        CHECK(std::count_if(steady.begin(), steady.end(), [](const Record& r) { return r.kind == RecordKind::Ping; }) ==
              1);
    }
    auto records = all_records(messages);
    std::vector<int> seqs;
    std::vector<std::int64_t> ping_times;
    for (const auto& record : records) {
        if (record.kind == RecordKind::Script && record.target == "seq") {
            seqs.push_back(std::stoi(record.output.value_or("seq 0").substr(4)));
        }
        if (record.kind == RecordKind::Ping) ping_times.push_back(record.time);
    }
    REQUIRE_FALSE(seqs.empty());
    // Every cycle sent, in order, none twice (the last one may have been abandoned by the stop).
    std::vector<int> expected(seqs.size());
    std::iota(expected.begin(), expected.end(), 1);
    CHECK(seqs == expected);
    CHECK(seqs.size() >= 8);  // 17 plugins a cycle: a loaded machine runs fewer than one a second
    CHECK(ping_times.size() == seqs.size());
    CHECK(std::is_sorted(ping_times.begin(), ping_times.end()));
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("niamd client: a config change in S3 applies without restart, a bad line is named", "[niamd][client]") {
    scenario::ConfigBucket bucket;
    scenario::TestQueue queue;
    scenario::ScratchDir dir;
    scenario::ListeningPort tcp;
    const std::string host = stack::unique_name("changer");
    bucket.put_config(host, "INTERVAL 1\n");
    DaemonProcess niamd(scenario::niamd_path(),
                        scenario::client_args(queue, bucket, host, dir.path, {"--config-refresh", "1"}),
                        scenario::daemon_environment(), (dir.path / "out.log").string());
    niamd.start();
    REQUIRE(niamd.wait_for_output("config from s3://", 10s));
    bucket.put_config(host, "INTERVAL 1\nPING 127.0.0.1 PORT " + std::to_string(tcp.port()) + "\nPING nowhere\n");
    REQUIRE(niamd.wait_for_output("conf/" + host + ":3: ", 10s));
    bool saw_lping = eventually(
        [&] {
            for (const auto& record : all_records(queue.drain(1, 2s))) {
                if (record.kind == RecordKind::Lping && record.port_or_arg == std::to_string(tcp.port())) return true;
            }
            return false;
        },
        15s);
    CHECK(saw_lping);
    CHECK(niamd.running());  // the same process all along
    CHECK(niamd.stop() < 2000ms);
    INFO(niamd.output());
}

TEST_CASE("niamd client: daemon mode writes a pidfile and a log, reloads on SIGHUP, stops on SIGTERM",
          "[niamd][client]") {
    scenario::ConfigBucket bucket;
    scenario::TestQueue queue;
    scenario::ScratchDir dir;
    const std::string host = stack::unique_name("daemon");
    bucket.put_config(host, "INTERVAL 30\n");
    auto args = scenario::client_args(queue, bucket, host, dir.path);
    args.erase(args.begin());  // no -f
    DaemonProcess launcher(scenario::niamd_path(), args, scenario::daemon_environment(),
                           (dir.path / "out.log").string());
    launcher.start();
    CHECK(launcher.wait(10s) == 0);  // the launching process returns; the daemon lives on
    const auto pid_file = dir.path / "state/niamd.pid";
    REQUIRE(eventually([&] { return std::filesystem::exists(pid_file); }, 10s));
    std::ifstream in(pid_file);
    pid_t pid = 0;
    in >> pid;
    REQUIRE(pid > 1);
    const auto log_file = dir.path / "log/niam.log";
    auto log_has = [&](const std::string& text) {
        std::ifstream log(log_file);
        std::string all((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
        return all.find(text) != std::string::npos;
    };
    REQUIRE(eventually([&] { return log_has("config from s3://"); }, 10s));
    ::kill(pid, SIGHUP);
    CHECK(eventually([&] { return log_has("SIGHUP: reloading the config"); }, 5s));
    const auto asked = std::chrono::steady_clock::now();
    ::kill(pid, SIGTERM);
    CHECK(eventually([&] { return scenario::process_gone(pid); }, 2s));
    CHECK(std::chrono::steady_clock::now() - asked < 2s);
    CHECK_FALSE(std::filesystem::exists(pid_file));
    CHECK(log_has("niamd stopping"));
    CHECK(queue.drain().size() == 1);
}

TEST_CASE("niamd client: with S3 unreachable, a restart runs on the cached config", "[niamd][client]") {
    stack::FaultGuard faults;
    scenario::ConfigBucket bucket;
    scenario::TestQueue queue;
    scenario::ScratchDir dir;
    scenario::ListeningPort tcp;
    const std::string host = stack::unique_name("cached");
    bucket.put_config(host, "METRICS 0\nPING 127.0.0.1 PORT " + std::to_string(tcp.port()) + "\n");
    auto once = [&] {
        DaemonProcess niamd(scenario::niamd_path(), scenario::client_args(queue, bucket, host, dir.path, {"--once"}),
                            scenario::daemon_environment(), (dir.path / "out.log").string());
        niamd.start();
        REQUIRE(niamd.wait(60s) == 0);
        return niamd.output();
    };
    once();
    REQUIRE(queue.drain().size() == 1);
    LocalStack::get().add_fault(R"({"service":"s3","kind":"down"})");
    auto output = once();
    INFO(output);
    CHECK(output.find("using the cached config from s3://" + bucket.name() + "/conf/" + host) != std::string::npos);
    auto records = check_records(queue.drain());
    REQUIRE(records.size() == 2);
    CHECK(records[1].kind == RecordKind::Lping);
}

TEST_CASE("niamd client: SIGTERM during a hung check still stops within 2 s", "[niamd][client]") {
    scenario::ConfigBucket bucket;
    scenario::TestQueue queue;
    scenario::ScratchDir dir;
    const std::string host = stack::unique_name("hung");
    const auto pid_file = dir.path / "hang.pid";
    bucket.put("scripts/hang", "#!/bin/sh\necho $$ > " + pid_file.string() + "\nexec sleep 60\n");
    bucket.put_config(host, "TIMEOUT 30\nSCRIPT hang\n");
    DaemonProcess niamd(scenario::niamd_path(), scenario::client_args(queue, bucket, host, dir.path),
                        scenario::daemon_environment(), (dir.path / "out.log").string());
    niamd.start();
    REQUIRE(niamd.wait_for_output("scripts: hang updated from S3", 10s));
    std::this_thread::sleep_for(1000ms);  // inside the round now
    CHECK(niamd.stop() < 2000ms);
    CHECK(niamd.exit_status() == 0);
    CHECK(queue.drain().empty());  // the interrupted cycle is dropped, not sent as failures
    // And the hung script did not outlive the daemon.
    pid_t script = 0;
    std::ifstream(pid_file) >> script;
    REQUIRE(script > 1);
    CHECK(eventually([script] { return scenario::process_gone(script); }, 2s));
}

TEST_CASE("niamd client: scripts are fetched again only when their ETag changes", "[niamd][client]") {
    scenario::ConfigBucket bucket;
    scenario::TestQueue queue;
    scenario::ScratchDir dir;
    const std::string host = stack::unique_name("scripted");
    bucket.put("scripts/check_a", "#!/bin/sh\necho A\n");
    bucket.put("scripts/sub/nested", "#!/bin/sh\necho nested\n");  // not a plain name: skipped
    bucket.put_config(host, "INTERVAL 1\nSCRIPT check_a\n");
    DaemonProcess niamd(scenario::niamd_path(),
                        scenario::client_args(queue, bucket, host, dir.path, {"--config-refresh", "1"}),
                        scenario::daemon_environment(), (dir.path / "out.log").string());
    niamd.start();
    const auto script = dir.path / "state/scripts/check_a";
    REQUIRE(eventually([&] { return std::filesystem::exists(script); }, 10s));
    const auto first_write = std::filesystem::last_write_time(script);
    std::this_thread::sleep_for(3500ms);  // three refreshes or more
    CHECK(std::filesystem::last_write_time(script) == first_write);
    auto count = [](const std::string& text, const std::string& what) {
        std::size_t n = 0;
        for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
        return n;
    };
    CHECK(count(niamd.output(), "scripts: check_a updated from S3") == 1);
    CHECK(niamd.output().find("skipping s3://" + bucket.name() + "/scripts/sub/nested") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir.path / "state/scripts/sub"));
    bucket.put("scripts/check_a", "#!/bin/sh\necho B\n");
    REQUIRE(niamd.wait_for_output("scripts: check_a updated from S3", 1ms));
    CHECK(eventually([&] { return count(niamd.output(), "scripts: check_a updated from S3") == 2; }, 10s));
    bool saw_b = eventually(
        [&] {
            for (const auto& record : all_records(queue.drain(1, 2s))) {
                if (record.kind == RecordKind::Script && record.output == std::optional<std::string>("B")) return true;
            }
            return false;
        },
        15s);
    CHECK(saw_b);
    CHECK(niamd.stop() < 2000ms);
}

TEST_CASE("niamd client: a SIGHUP storm costs a reload every few seconds, not one per SIGHUP", "[niamd][client]") {
    scenario::ConfigBucket bucket;
    scenario::TestQueue queue;
    scenario::ScratchDir dir;
    const std::string host = stack::unique_name("storm");
    bucket.put_config(host, "INTERVAL 30\n");
    DaemonProcess niamd(scenario::niamd_path(), scenario::client_args(queue, bucket, host, dir.path, {"-d", "1"}),
                        scenario::daemon_environment(), (dir.path / "out.log").string());
    niamd.start();
    REQUIRE(niamd.wait_for_output("config from s3://", 10s));
    REQUIRE(niamd.wait_for_output("round:", 10s));  // the start's reads are done
    LocalStack::get().reset_counts();
    int sighups = 0;
    const auto storm_start = std::chrono::steady_clock::now();
    while (std::chrono::steady_clock::now() - storm_start < 10s) {
        niamd.signal(SIGHUP);
        ++sighups;
        std::this_thread::sleep_for(5ms);
    }
    std::this_thread::sleep_for(6s);  // the merged last one is done within the gap
    const int gets = LocalStack::get().requests("s3", "GetObject");
    const int lists = LocalStack::get().requests("s3", "ListObjectsV2");
    INFO(sighups << " SIGHUPs in 10 s: " << gets << " GetObject, " << lists << " ListObjectsV2");
    WARN(sighups << " SIGHUPs in 10 s: " << gets << " GetObject, " << lists << " ListObjectsV2");
    CHECK(sighups > 1000);
    // One reload every 5 s: at most 3 during the storm and 1 merged after it; each reload
    // is one conditional GetObject of conf/<host> and one ListObjectsV2 of scripts/.
    CHECK(lists >= 2);
    CHECK(lists <= 4);
    CHECK(gets <= 4);
    CHECK(niamd.stop() < 2000ms);
    CHECK(niamd.output().find("SIGHUP(s) merged into this reload") != std::string::npos);
}

TEST_CASE("niamd client: a config refused whole after a restart runs the cached one and tells the master",
          "[niamd][client]") {
    scenario::ConfigBucket bucket;
    scenario::TestQueue queue;
    scenario::ScratchDir dir;
    scenario::ListeningPort tcp;
    const std::string host = stack::unique_name("refused");
    bucket.put_config(host, "METRICS 0\nPING 127.0.0.1 PORT " + std::to_string(tcp.port()) + "\n");
    auto once = [&] {
        DaemonProcess niamd(scenario::niamd_path(), scenario::client_args(queue, bucket, host, dir.path, {"--once"}),
                            scenario::daemon_environment(), (dir.path / "out.log").string());
        niamd.start();
        REQUIRE(niamd.wait(60s) == 0);
        return niamd.output();
    };
    once();
    REQUIRE(queue.drain().size() == 1);
    bucket.put_config(host, std::string(10 * 1024 * 1024, '#'));  // 10 MB over the good one
    const auto output = once();
    INFO(output);
    CHECK(output.find("refused whole") != std::string::npos);
    auto records = check_records(queue.drain());
    REQUIRE(records.size() == 3);
    CHECK(records[0].kind == RecordKind::Ping);
    CHECK(records[1].kind == RecordKind::Problem);
    CHECK(records[1].target == "config");
    CHECK(records[1].status == 1);
    CHECK(records[1].output.value_or("").find("refused whole") != std::string::npos);
    CHECK(records[2].kind == RecordKind::Lping);  // the cached config's check still runs
}

TEST_CASE("niamd client: what a plugin leaves behind does not outlive the cycle", "[niamd][client]") {
    scenario::ConfigBucket bucket;
    scenario::TestQueue queue;
    scenario::ScratchDir dir;
    const std::string host = stack::unique_name("leaver");
    const auto pid_file = dir.path / "left.pids";
    bucket.put("scripts/leaver",
               "#!/bin/sh\nsleep 300 &\necho $! >> \"$1\"\nsetsid sleep 300 &\necho $! >> \"$1\"\n"
               "echo 'OK - two left behind'\n");
    bucket.put_config(host, "METRICS 0\nSCRIPT leaver " + pid_file.string() + "\n");
    DaemonProcess niamd(scenario::niamd_path(), scenario::client_args(queue, bucket, host, dir.path, {"--once"}),
                        scenario::daemon_environment(), (dir.path / "out.log").string());
    niamd.start();
    REQUIRE(niamd.wait(60s) == 0);
    INFO(niamd.output());
    CHECK(niamd.output().find("plugins left 2 process(es) behind: killed and reaped") != std::string::npos);
    std::vector<pid_t> pids;
    std::ifstream in(pid_file);
    for (long pid = 0; in >> pid;) pids.push_back(static_cast<pid_t>(pid));
    REQUIRE(pids.size() == 2);
    for (const pid_t pid : pids) {
        const bool gone = eventually([pid] { return scenario::process_gone(pid); }, 2s);
        CHECK(gone);
        if (!gone) ::kill(pid, SIGKILL);  // the test cleans up what the daemon left
    }
    auto records = check_records(queue.drain());
    REQUIRE(records.size() == 2);
    CHECK(records[1].output == std::optional<std::string>("OK - two left behind"));
}
