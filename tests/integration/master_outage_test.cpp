// Master scenarios around failures: the queue unreachable for longer than WARN_AFTER,
// SNS failing, redelivered and malformed messages.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "local_stack.hpp"
#include "log/log.hpp"
#include "master_scenario.hpp"
#include "protocol/record_encoder.hpp"
#include "stack_helpers.hpp"

using namespace std::chrono_literals;
using scenario::MasterScenario;

TEST_CASE("master: the queue unreachable for longer than WARN_AFTER gives one QUEUE_UNREACHABLE and no MISSING",
          "[integration][master]") {
    stack::FaultGuard faults;
    auto& stack = stack::LocalStack::get();
    stack.reset_counts();
    MasterScenario s;  // WARN_AFTER 3
    s.start_master();
    scenario::Pinger pinger(s.queue_url);
    pinger.add("web1", "i-0d00000000000001");
    pinger.add("web2", "i-0d00000000000002");
    REQUIRE(MasterScenario::wait_until([&] { return s.snapshot()->hosts.size() == 2; }, 10s));
    std::this_thread::sleep_for(4s);

    // SQS is down for 7 s: the master cannot read, the clients cannot send.
    stack.add_fault(R"({"service":"sqs","kind":"down"})");
    REQUIRE(MasterScenario::wait_until([&] { return s.log_count("QUEUE_UNREACHABLE") == 1; }, 10s));
    CHECK(MasterScenario::wait_until([&] { return !s.snapshot()->queue_reachable; }, 2s));
    std::this_thread::sleep_for(6s);
    stack.clear_faults();
    REQUIRE(MasterScenario::wait_until([&] { return s.log_count("QUEUE_OK") == 1; }, 10s));
    std::this_thread::sleep_for(5s);  // a full WARN_AFTER of reading, and more
    s.stop_master();

    CHECK(s.log_count("QUEUE_UNREACHABLE") == 1);
    CHECK(s.log_count("QUEUE_OK") == 1);
    CHECK(s.log_count("MISSING") == 0);
    CHECK(s.snapshot()->queue_reachable);
    CHECK(s.snapshot()->counters.queue_receive_errors >= 1);
    REQUIRE(MasterScenario::wait_until([&] { return s.sns_alerts().size() == 2; }, 10s));
    CHECK(s.sns_count("QUEUE_UNREACHABLE") == 1);
    CHECK(s.sns_count("QUEUE_OK") == 1);
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("master: an alert SNS refuses is kept and published when SNS is back", "[integration][master]") {
    stack::FaultGuard faults;
    auto& stack = stack::LocalStack::get();
    stack.reset_counts();
    MasterScenario s;
    s.config.warn_after = 30;
    s.config.purge_after = 60;
    s.start_master();
    stack.add_fault(R"({"service":"sns","action":"Publish","kind":"503","count":"always"})");
    s.send({MasterScenario::http_check("web1", "i-0e00000000000001", 1)});
    REQUIRE(MasterScenario::wait_until([&] { return s.log_count("CHECK_FAILED") == 1; }, 10s));
    REQUIRE(MasterScenario::wait_until([&] { return s.snapshot()->counters.sns_publish_failures >= 1; }, 10s));
    CHECK(s.sns_alerts().empty());
    stack.clear_faults();
    // The retry (5 s after the first failure) goes through.
    REQUIRE(MasterScenario::wait_until([&] { return s.sns_alerts().size() == 1; }, 15s));
    CHECK(s.sns_alerts()[0].kind == "CHECK_FAILED");
    REQUIRE(MasterScenario::wait_until(
        [&] {
            auto pending = s.store()->load_pending_alerts();
            return pending && pending->empty();
        },
        5s));
    std::this_thread::sleep_for(2s);
    CHECK(s.sns_alerts().size() == 1);
    CHECK(s.log_count("CHECK_FAILED") == 1);
    s.stop_master();
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("master: a redelivered message counts once and a malformed one is counted and logged by id and deleted",
          "[integration][master]") {
    stack::FaultGuard faults;
    auto& stack = stack::LocalStack::get();
    stack.reset_counts();
    MasterScenario s;
    s.config.warn_after = 30;
    s.config.purge_after = 60;
    const auto log_file = s.dir / "niam.log";
    REQUIRE(niamd::log::to_file(log_file.string()));
    s.start_master();

    // Deletes fail, so the message comes back after its 2 s visibility timeout.
    stack.add_fault(R"({"service":"sqs","action":"DeleteMessageBatch","kind":"500","count":"always"})");
    s.send({MasterScenario::ping("web1", "i-0f00000000000001"),
            MasterScenario::http_check("web1", "i-0f00000000000001", 1)});
    REQUIRE(MasterScenario::wait_until([&] { return s.snapshot()->counters.duplicate_messages >= 1; }, 15s));
    stack.clear_faults();

    auto bad = s.sqs().send_message(s.queue_url, "this is not a niam record\nnor,is,this");
    REQUIRE(bad);
    REQUIRE(MasterScenario::wait_until([&] { return s.snapshot()->counters.malformed_messages == 1; }, 10s));
    // Everything ends up deleted.
    REQUIRE(MasterScenario::wait_until(
        [&] {
            auto attributes = s.sqs().get_queue_attributes(
                s.queue_url, {"ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"});
            return attributes && attributes->at("ApproximateNumberOfMessages") == "0" &&
                   attributes->at("ApproximateNumberOfMessagesNotVisible") == "0";
        },
        10s));
    const auto counters = s.snapshot()->counters;
    s.stop_master();
    niamd::log::to_stream(nullptr);

    CHECK(counters.messages_received == 2);  // the good one once, the malformed one
    CHECK(counters.records_received == 2);
    CHECK(counters.malformed_messages == 1);
    CHECK(s.log_count("CHECK_FAILED") == 1);
    std::ifstream in(log_file);
    std::stringstream text;
    text << in.rdbuf();
    CHECK(text.str().find("message " + bad->message_id + " is malformed") != std::string::npos);
    REQUIRE_NOTHING_REJECTED();
}
