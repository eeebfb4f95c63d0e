// The real niamd client with a LOG statement against the local stack: lines written through
// two rename rotations, one SIGKILL of niamd in the middle, a truncation in place and a
// copytruncate all
// reach the queue, each line once by (source, seq) — the master's key — and in order.
#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include "daemon_process.hpp"
#include "local_stack.hpp"
#include "niamd_scenario.hpp"
#include "protocol/log_record.hpp"

using namespace std::chrono_literals;
using niamd::protocol::RecordKind;

namespace {

struct Written {
    std::filesystem::path log;
    int next = 0;
    void lines(int count) {
        std::ofstream out(log, std::ios::binary | std::ios::app);
        for (int i = 0; i < count; ++i) out << "line " << next++ << '\n';
    }
    void rotate() {
        std::filesystem::rename(log, log.string() + ".1");
        std::ofstream(log, std::ios::binary).flush();
    }
};

struct Received {
    std::map<std::uint64_t, std::string> by_seq;  // the master's (source, seq) key: one source here
    int conflicts = 0;                            // one seq with two lines
    std::set<std::string> gaps;                   // log.gap ids (stored once by the master)
    int messages = 0;
    void take(scenario::TestQueue& queue) {
        for (const auto& message : queue.drain(1, 3s)) {
            ++messages;
            for (const auto& record : message.records) {
                if (record.kind == RecordKind::Event && record.target == "log.gap") gaps.insert(record.port_or_arg);
                if (record.kind != RecordKind::Log) continue;
                const auto line = niamd::protocol::log_line_of(record);
                if (!line || line->source != "app") continue;
                const auto [it, added] = by_seq.emplace(line->seq, line->line);
                if (!added && it->second != line->line) ++conflicts;
            }
        }
    }
    bool wait_for(scenario::TestQueue& queue, std::size_t count) {
        const auto deadline = std::chrono::steady_clock::now() + 60s;
        while (by_seq.size() < count && std::chrono::steady_clock::now() < deadline) take(queue);
        return by_seq.size() >= count;
    }
};

}  // namespace

TEST_CASE("niamd client: LOG follows a file through rotations and a SIGKILL, every line once and in order",
          "[niamd][client]") {
    scenario::ConfigBucket bucket;
    scenario::TestQueue queue;
    scenario::ScratchDir dir;
    const std::string host = stack::unique_name("follow");
    Written written{dir.path / "app.log"};
    bucket.put_config(host, "INTERVAL 2\nMETRICS 0\nINVENTORY 0\nLOG " + written.log.string() + " name=app\n");
    const auto args = scenario::client_args(queue, bucket, host, dir.path);
    Received received;
    {
        scenario::DaemonProcess niamd(scenario::niamd_path(), args, scenario::daemon_environment(),
                                      (dir.path / "out1.log").string());
        std::ofstream(written.log).flush();  // there before niamd: followed from its end
        niamd.start();
        // The first message means the first round ran: the file is followed from then on.
        const auto deadline = std::chrono::steady_clock::now() + 30s;
        while (received.messages == 0 && std::chrono::steady_clock::now() < deadline) received.take(queue);
        written.lines(200);
        const bool first = received.wait_for(queue, 200);
        INFO(niamd.output());
        REQUIRE(first);
        written.rotate();
        written.lines(200);
        niamd.signal(SIGKILL);
        niamd.wait(5000ms);
        INFO(niamd.output());
    }
    written.lines(100);
    scenario::DaemonProcess niamd(scenario::niamd_path(), args, scenario::daemon_environment(),
                                  (dir.path / "out2.log").string());
    niamd.start();
    written.lines(100);
    CHECK(received.wait_for(queue, 600));
    written.rotate();
    written.lines(200);
    CHECK(received.wait_for(queue, 800));
    std::filesystem::resize_file(written.log, 0);  // truncation in place, all of it read before
    written.lines(100);
    CHECK(received.wait_for(queue, 900));
    // copytruncate at once after writing: what niamd did not read yet is read from the copy.
    written.lines(100);
    std::filesystem::copy_file(written.log, written.log.string() + ".1",
                               std::filesystem::copy_options::overwrite_existing);
    std::filesystem::resize_file(written.log, 0);
    written.lines(100);
    CHECK(received.wait_for(queue, 1100));
    received.take(queue);
    niamd.stop();
    INFO(niamd.output());
    std::printf("niamd LOG follow: %d lines written, %zu received (by seq), %d conflicting, %zu log.gap\n",
                written.next, received.by_seq.size(), received.conflicts, received.gaps.size());
    CHECK(written.next == 1100);
    CHECK(received.by_seq.size() == 1100);
    CHECK(received.conflicts == 0);
    CHECK(received.gaps.size() == 2);
    int expected = 0;
    bool in_order = true;
    for (const auto& [seq, line] : received.by_seq) {
        if (line != "line " + std::to_string(expected++)) in_order = false;
    }
    CHECK(in_order);
}
