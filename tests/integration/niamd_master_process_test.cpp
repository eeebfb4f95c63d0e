// The master as real processes: niamd clients and a niamd master (ROLE=master from S3),
// the master killed with SIGKILL mid-scenario and started again on the same SQLite file.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "daemon_process.hpp"
#include "local_stack.hpp"
#include "niamd_scenario.hpp"
#include "protocol/record_encoder.hpp"
#include "stack_helpers.hpp"
#include "support/read_file.hpp"

using namespace std::chrono_literals;
using scenario::DaemonProcess;
using scenario::eventually;

namespace {

using test_support::read_file;

std::size_t count_lines_with(const std::string& text, const std::string& a, const std::string& b) {
    std::istringstream lines(text);
    std::size_t n = 0;
    for (std::string line; std::getline(lines, line);) {
        if (line.find(a) != std::string::npos && line.find(b) != std::string::npos) ++n;
    }
    return n;
}

}  // namespace

TEST_CASE("niamd master process: SIGKILL and restart mid-scenario raise nothing twice and forget no host",
          "[niamd][master]") {
    stack::LocalStack::get().reset_counts();  // only this test's requests count below
    scenario::ConfigBucket bucket;
    scenario::TestQueue queue;
    scenario::ScratchDir dir;
    const std::string master_host = stack::unique_name("master");
    const std::string stays = stack::unique_name("stays");
    const std::string leaves = stack::unique_name("leaves");
    bucket.put_config(master_host, "ROLE=master\nWARN_AFTER 3\nPURGE_AFTER 8\nEC2_CHECK 0\n");
    bucket.put_config("GENERIC", "INTERVAL 1\n");
    const auto url_file = dir.path / "master.url";
    auto master_args = scenario::client_args(queue, bucket, master_host, dir.path / "master",
                                             {"--web", "127.0.0.1:0", "--url-file", url_file.string()});
    auto start_master = [&] {
        auto master = std::make_unique<DaemonProcess>(
            scenario::niamd_path(), master_args, scenario::daemon_environment(), (dir.path / "master.out").string());
        master->start();
        return master;
    };
    auto client = [&](const std::string& host) {
        auto process = std::make_unique<DaemonProcess>(
            scenario::niamd_path(), scenario::client_args(queue, bucket, host, dir.path / host),
            scenario::daemon_environment(), (dir.path / (host + ".out")).string());
        process->start();
        return process;
    };
    const auto alert_log = dir.path / "master/log/alert.log";
    auto master = start_master();
    auto stays_client = client(stays);
    auto leaves_client = client(leaves);
    REQUIRE(master->wait_for_output("web interface on http://", 15s));
    // --url-file: the URL it logged, with the port port 0 got, one line.
    const std::string url = read_file(url_file);
    CHECK_THAT(url, Catch::Matches("http://127\\.0\\.0\\.1:[1-9][0-9]*/\n"));
    CHECK(master->output().find("web interface on " + url) != std::string::npos);
    // Both hosts known to the master (their first PINGs committed).
    REQUIRE(master->wait_for_output("new host " + leaves, 15s));
    REQUIRE(master->wait_for_output("new host " + stays, 15s));
    std::this_thread::sleep_for(1500ms);

    master->signal(SIGKILL);
    REQUIRE(master->wait(5s) == 128 + SIGKILL);
    CHECK(leaves_client->stop() < 2000ms);  // this host goes silent while the master is down
    std::this_thread::sleep_for(2000ms);
    master = start_master();
    REQUIRE(master->wait_for_output("master: loaded 2 hosts", 15s));

    // After the restart grace (WARN_AFTER of queue reading): one MISSING, then PURGED.
    CHECK(eventually([&] { return count_lines_with(read_file(alert_log), " PURGED ", leaves) == 1; }, 30s));
    std::this_thread::sleep_for(2000ms);  // room for a duplicate to show, were there one
    const std::string alerts = read_file(alert_log);
    INFO(alerts);
    INFO(master->output());
    CHECK(count_lines_with(alerts, " MISSING ", leaves) == 1);
    CHECK(count_lines_with(alerts, " PURGED ", leaves) == 1);
    CHECK(count_lines_with(alerts, " ", stays) == 0);  // the host that kept pinging: no alert at all
    CHECK(master->output().find("QUEUE_UNREACHABLE") == std::string::npos);
    // Stopped while its long poll waits on an idle queue (the poll is cancelled to stop in
    // time): it still deletes what its last round committed.
    CHECK(stays_client->stop() < 2000ms);
    std::this_thread::sleep_for(2500ms);
    CHECK(master->stop() < 2000ms);
    CHECK(master->exit_status() == 0);
    CHECK(master->output().find("DeleteMessageBatch failed") == std::string::npos);
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE(
    "niamd master process: a second master on the same state dir and a second daemon on the same pidfile "
    "exit 1 and say why",
    "[niamd][master]") {
    scenario::ConfigBucket bucket;
    scenario::TestQueue queue;
    scenario::ScratchDir dir;
    const std::string master_host = stack::unique_name("master");
    bucket.put_config(master_host, "ROLE=master\nWARN_AFTER 30\nPURGE_AFTER 120\nEC2_CHECK 0\n");
    const auto args = scenario::client_args(queue, bucket, master_host, dir.path / "master", {"--no-web"});
    DaemonProcess first(scenario::niamd_path(), args, scenario::daemon_environment(),
                        (dir.path / "first.out").string());
    first.start();
    REQUIRE(first.wait_for_output("master: loaded", 15s));

    // -f, the same state dir: refused, not run beside the first on its database and queue.
    DaemonProcess second(scenario::niamd_path(), args, scenario::daemon_environment(),
                         (dir.path / "second.out").string());
    second.start();
    CHECK(second.wait(15s) == 1);
    CHECK(second.output().find("is in use by another niamd master (pid " + std::to_string(first.pid()) + ")") !=
          std::string::npos);
    CHECK(first.running());

    // Daemon mode (no -f) with a pidfile another niamd holds: exit 1 before forking.
    const std::string pid_file = (dir.path / "held.pid").string();
    auto daemon_args = scenario::client_args(queue, bucket, master_host, dir.path / "daemon", {"--no-web"});
    daemon_args.erase(daemon_args.begin());  // no -f
    daemon_args.insert(daemon_args.end(), {"--pidfile", pid_file});
    const int held = ::open(pid_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    REQUIRE(held >= 0);
    REQUIRE(::flock(held, LOCK_EX | LOCK_NB) == 0);
    DaemonProcess daemon(scenario::niamd_path(), daemon_args, scenario::daemon_environment(),
                         (dir.path / "daemon.out").string());
    daemon.start();
    CHECK(daemon.wait(15s) == 1);
    CHECK(daemon.output().find("pidfile " + pid_file + " is locked") != std::string::npos);
    ::close(held);

    CHECK(first.stop() < 2000ms);
    CHECK(first.exit_status() == 0);
}

TEST_CASE("niamd master process: under a file-size limit it lives on, keeps its rounds and raises STORE_UNAVAILABLE",
          "[niamd][master]") {
    scenario::ConfigBucket bucket;
    scenario::TestQueue queue;
    scenario::ScratchDir dir;
    const std::string master_host = stack::unique_name("master");
    bucket.put_config(master_host, "ROLE=master\nWARN_AFTER 30\nPURGE_AFTER 120\nEC2_CHECK 0\n");
    auto args = scenario::client_args(queue, bucket, master_host, dir.path / "master", {"--no-web"});
    // ulimit -f 2048: 1 MiB (dash counts 512-byte blocks) for each file, the history's WAL included.
    args.insert(args.begin(), {"-c", "ulimit -f 2048; exec \"$0\" \"$@\"", scenario::niamd_path()});
    DaemonProcess master("/bin/sh", args, scenario::daemon_environment(), (dir.path / "master.out").string());
    master.start();
    REQUIRE(master.wait_for_output("master: loaded", 15s));

    // Check results with 60 KB of output each: the history outgrows the limit within a few rounds.
    awsrest::SqsClient sqs(stack::LocalStack::get().client(), stack::service_endpoint("sqs"));
    auto url = sqs.create_queue(queue.name());
    REQUIRE(url);
    niamd::protocol::Record record;
    record.instance = "i-0b00000000000001";
    record.hostname = "big-output";
    record.kind = niamd::protocol::RecordKind::Http;
    record.target = "www.example.org";
    record.port_or_arg = "80";
    record.status = 1;
    for (int i = 0; i < 40 && !master.wait_for_output("STORE_UNAVAILABLE", 0ms); ++i) {
        record.time =
            std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
                .count() +
            i;
        record.status = i % 2;
        record.output = std::string(60000, static_cast<char>('a' + i % 26));
        REQUIRE(sqs.send_message(*url, niamd::protocol::encode_record(record)));
        std::this_thread::sleep_for(300ms);
    }
    REQUIRE(master.wait_for_output("STORE_UNAVAILABLE", 15s));
    INFO(master.output());
    CHECK(master.running());  // not killed by SIGXFSZ (exit 153)
    CHECK(master.output().find("master: cannot write history") != std::string::npos);
    CHECK(count_lines_with(read_file(dir.path / "master/log/alert.log"), " STORE_UNAVAILABLE ", "") == 1);
    CHECK(master.stop() < 2000ms);
    CHECK(master.exit_status() == 0);
}

TEST_CASE("niamd master process: SIGTERM stops it within 2 s even when its deletes are slow", "[niamd][master]") {
    stack::FaultGuard faults;
    scenario::ConfigBucket bucket;
    scenario::TestQueue queue;
    scenario::ScratchDir dir;
    const std::string master_host = stack::unique_name("master");
    bucket.put_config(master_host, "ROLE=master\nWARN_AFTER 30\nPURGE_AFTER 120\nEC2_CHECK 0\n");
    awsrest::SqsClient sqs(stack::LocalStack::get().client(), stack::service_endpoint("sqs"));
    auto url = sqs.create_queue(queue.name());
    REQUIRE(url);
    // A backlog, and every DeleteMessageBatch answered a second late: the last round leaves
    // several batches to delete.
    stack::LocalStack::get().add_fault(
        R"({"service":"sqs","action":"DeleteMessageBatch","kind":"delay","ms":1000,"count":"always"})");
    const auto now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    for (int round = 0; round < 3; ++round) {
        for (int i = 0; i < 60; ++i) {
            niamd::protocol::Record ping;
            ping.instance = "i-0c0000000000000" + std::to_string(i % 10);
            ping.hostname = "backlog-" + std::to_string(i);
            ping.kind = niamd::protocol::RecordKind::Ping;
            ping.time = now + round;
            REQUIRE(sqs.send_message(*url, niamd::protocol::encode_record(ping)));
        }
        DaemonProcess master(scenario::niamd_path(),
                             scenario::client_args(queue, bucket, master_host, dir.path / "master", {"--no-web"}),
                             scenario::daemon_environment(), (dir.path / "master.out").string());
        master.start();
        REQUIRE(master.wait_for_output("master: loaded", 15s));
        std::this_thread::sleep_for(2500ms);
        const auto took = master.stop();
        INFO("stop " << round << " took " << took.count() << " ms");
        CHECK(took < 2000ms);
        CHECK(master.exit_status() == 0);
    }
}
