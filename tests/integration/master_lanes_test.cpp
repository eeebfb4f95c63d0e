// The master's receive lanes (RECEIVERS): several lanes receive at once, every message is
// applied exactly once and deleted, also while some DeleteMessageBatch calls fail.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "local_stack.hpp"
#include "master_scenario.hpp"
#include "protocol/record_encoder.hpp"
#include "stack_helpers.hpp"
#include "store/open_store.hpp"

using namespace std::chrono_literals;
using scenario::MasterScenario;

TEST_CASE("master: four receive lanes apply every message once and delete it, through failing deletes",
          "[integration][master]") {
    auto& stack = stack::LocalStack::get();
    stack.reset_counts();
    stack::FaultGuard faults;
    MasterScenario s;
    s.config.warn_after = 60;
    s.config.purge_after = 120;
    s.config.receivers = 4;
    s.start_master();
    // Some deletes fail (each call is retried by the library, so 9 failures fail a few calls
    // whole): those messages come back after the queue's 2 s visibility timeout and are
    // recognised as applied.
    stack.add_fault(R"({"service":"sqs","action":"DeleteMessageBatch","kind":"500","count":9})");

    constexpr int kHosts = 40;
    constexpr int kCycles = 10;
    const auto now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    std::vector<std::string> bodies;
    for (int cycle = 0; cycle < kCycles; ++cycle) {
        for (int h = 0; h < kHosts; ++h) {
            auto ping = MasterScenario::ping("lane-" + std::to_string(h), "NOT-AWS");
            ping.time = now - kCycles + cycle;
            auto check = MasterScenario::http_check("lane-" + std::to_string(h), "NOT-AWS", cycle % 2);
            check.time = ping.time;
            bodies.push_back(niamd::protocol::encode_record(ping) + "\n" + niamd::protocol::encode_record(check));
        }
    }
    for (std::size_t i = 0; i < bodies.size(); i += awsrest::kSqsMaxBatchEntries) {
        std::vector<awsrest::SqsSendEntry> entries;
        for (std::size_t j = i; j < bodies.size() && j < i + awsrest::kSqsMaxBatchEntries; ++j) {
            entries.push_back({"e" + std::to_string(j - i), bodies[j], {}});
        }
        auto sent = s.sqs().send_message_batch(s.queue_url, entries);
        REQUIRE(sent);
        REQUIRE(sent->failed.empty());
    }

    REQUIRE(MasterScenario::wait_until([&] { return s.snapshot()->counters.messages_received >= bodies.size(); }, 60s));
    // Everything ends up deleted: the failed deletes were retried, or their redeliveries deleted.
    REQUIRE(MasterScenario::wait_until(
        [&] {
            auto attributes = s.sqs().get_queue_attributes(
                s.queue_url, {"ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"});
            return attributes && attributes->at("ApproximateNumberOfMessages") == "0" &&
                   attributes->at("ApproximateNumberOfMessagesNotVisible") == "0";
        },
        30s));
    // The snapshot (published about once a second) catches up with the last deletes.
    REQUIRE(MasterScenario::wait_until([&] { return s.snapshot()->lanes.deleted >= bodies.size(); }, 10s));
    const auto snapshot = s.snapshot();
    CHECK(snapshot->lanes.lanes == 4);
    CHECK(snapshot->lanes.delete_failures >= 1);
    CHECK(stack::faulted("sqs", "DeleteMessageBatch") >= 1);
    CHECK(snapshot->counters.messages_received == bodies.size());  // each applied once
    CHECK(snapshot->counters.records_received == 2 * bodies.size());
    CHECK(snapshot->lanes.received >= bodies.size());
    CHECK(snapshot->lanes.received == bodies.size() + snapshot->counters.duplicate_messages);
    CHECK(snapshot->hosts.size() == kHosts);
    for (const auto& host : snapshot->hosts) CHECK(host.host.last_ping == now - 1);  // the newest, whatever the order
    s.stop_master();

    // History: every check result once per cycle, no duplicate from a redelivery.
    auto reopened = niamd::store::open_store(s.config.database, s.dir);
    REQUIRE(reopened);
    for (int h = 0; h < kHosts; ++h) {
        auto history = (*reopened)->check_history("lane-" + std::to_string(h), "", 0, 1000);
        REQUIRE(history);
        CHECK(history->size() == static_cast<std::size_t>(kCycles));
    }
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("master: RECEIVERS auto polls on more lanes while a backlog fills every receive, and on two again after it",
          "[integration][master]") {
    auto& stack = stack::LocalStack::get();
    stack.reset_counts();
    stack::FaultGuard faults;
    // 50 ms a receive: two lanes take at most 400 messages/s, so 4,000 messages are a
    // backlog for several of the governor's 2 s windows.
    stack.add_fault(R"({"service":"sqs","action":"ReceiveMessage","kind":"delay","ms":50,"count":"always"})");
    MasterScenario s;
    s.config.warn_after = 120;
    s.config.purge_after = 600;
    s.config.max_new_hosts = 10000;
    REQUIRE(s.config.receivers == niamd::config::kAutoReceivers);  // the default

    constexpr int kMessages = 4000;
    const auto now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    for (int i = 0; i < kMessages; i += static_cast<int>(awsrest::kSqsMaxBatchEntries)) {
        std::vector<awsrest::SqsSendEntry> entries;
        for (int j = i; j < i + static_cast<int>(awsrest::kSqsMaxBatchEntries); ++j) {
            auto ping = MasterScenario::ping("auto-" + std::to_string(j % 400), "NOT-AWS");
            ping.time = now - 20 + j / 400;
            entries.push_back({"e" + std::to_string(j - i), niamd::protocol::encode_record(ping), {}});
        }
        auto sent = s.sqs().send_message_batch(s.queue_url, entries);
        REQUIRE(sent);
        REQUIRE(sent->failed.empty());
    }
    s.start_master();
    REQUIRE(s.snapshot()->lanes.active <= 2);
    int most = 0;
    REQUIRE(MasterScenario::wait_until(
        [&] {
            const auto snapshot = s.snapshot();
            most = std::max(most, snapshot->lanes.active);
            return snapshot->counters.messages_received >= static_cast<std::uint64_t>(kMessages);
        },
        60s));
    INFO("most lanes polling: " << most);
    CHECK(most >= 4);
    const auto drained = s.snapshot();
    CHECK(drained->lanes.lanes == niamd::config::kMaxReceivers);
    CHECK(drained->lanes.full_receives >= 100);
    CHECK(drained->counters.messages_received == static_cast<std::uint64_t>(kMessages));
    // The queue empty, receives come back empty: one lane fewer each window, down to two.
    REQUIRE(MasterScenario::wait_until([&] { return s.snapshot()->lanes.active == 2; }, 60s));
    CHECK(s.snapshot()->counters.messages_received == static_cast<std::uint64_t>(kMessages));
    s.stop_master();
    REQUIRE_NOTHING_REJECTED();
}
