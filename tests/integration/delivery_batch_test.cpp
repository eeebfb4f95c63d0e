// Delivery against the local stack's SQS (fauxqs, JSON protocol, through the SigV4 verifier):
// a busy log source's lines go in whole SendMessageBatch requests between heartbeats, the rest
// in the heartbeat's message; every line arrives once, in order; the requests are counted by
// the stack itself.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "client/delivery.hpp"
#include "client/outbox.hpp"
#include "local_stack.hpp"
#include "niamd_scenario.hpp"
#include "protocol/log_record.hpp"
#include "protocol/record_decoder.hpp"
#include "protocol/record_encoder.hpp"
#include "stack_helpers.hpp"

using niamd::client::Delivery;
using niamd::client::Outbox;
using stack::LocalStack;

namespace {

niamd::protocol::Record log_line(std::uint64_t seq) {
    std::string text = "GET /item/" + std::to_string(seq) + " HTTP/1.1 200 ";
    text.resize(120, '.');
    return niamd::protocol::log_record("i-0123456789abcdef0", "web1",
                                       {"docker:app", seq, 1700000000, text, "stdout", 0});
}

}  // namespace

TEST_CASE("delivery: 100,000 lines of a busy source go in whole batches against the stack's SQS",
          "[integration][delivery]") {
    stack::FaultGuard faults;
    scenario::TestQueue queue;
    scenario::ScratchDir dir;
    awsrest::SqsClient sqs(LocalStack::get().client(), stack::service_endpoint("sqs"));
    Outbox outbox(dir.path / "spool", 64 << 20);
    Delivery delivery(sqs, queue.name(), outbox);
    REQUIRE(delivery.queue_url());
    LocalStack::get().reset_counts();

    // 100 seconds of 1,000 lines (LOG_RATE's default), a heartbeat every 30 s and at the end.
    std::uint64_t seq = 0;
    std::size_t bytes = 0;
    for (int second = 1; second <= 100; ++second) {
        std::vector<niamd::protocol::Record> lines;
        for (int i = 0; i < 1000; ++i) {
            lines.push_back(log_line(++seq));
            bytes += niamd::protocol::encode_record(lines.back()).size() + 1;
        }
        REQUIRE(outbox.append(lines));
        const auto report = second % 30 == 0 || second == 100 ? delivery.deliver() : delivery.deliver_whole();
        INFO("second " << second << ": " << report.error);
        REQUIRE(report.error.empty());
    }
    CHECK(outbox.empty());
    const int batches = LocalStack::get().requests("sqs", "SendMessageBatch");
    const int singles = LocalStack::get().requests("sqs", "SendMessage");
    std::cout << "stack SQS: 100,000 lines (" << bytes << " bytes): " << batches << " SendMessageBatch + " << singles
              << " SendMessage = " << batches + singles << " requests\n";
    // Whole requests hold 256 KiB of bodies: at least bytes / 256 KiB of them, and one a
    // heartbeat at most more (what is left for it).
    const int fewest = static_cast<int>((bytes + awsrest::kSqsMaxPayloadBytes - 1) / awsrest::kSqsMaxPayloadBytes);
    CHECK(batches + singles >= fewest);
    CHECK(batches + singles <= fewest + 4);
    CHECK(singles <= 4);

    const auto messages = queue.drain();
    std::vector<std::uint64_t> seqs;
    for (const auto& message : messages) {
        for (const auto& record : message.records) {
            if (auto line = niamd::protocol::log_line_of(record)) seqs.push_back(line->seq);
        }
    }
    REQUIRE(seqs.size() == 100000);
    for (std::size_t i = 0; i < seqs.size(); ++i) {
        if (seqs[i] != i + 1) FAIL("line " << i << " is seq " << seqs[i]);
    }
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("delivery: a batch entry the stack's SQS refuses is dropped and counted, the others go",
          "[integration][delivery]") {
    stack::FaultGuard faults;
    scenario::ScratchDir dir;
    awsrest::SqsClient sqs(LocalStack::get().client(), stack::service_endpoint("sqs"));
    const std::string name = stack::unique_name("niam-small");
    // A queue taking at most 2,048 bytes a message (SQS's lowest bound is 1,024).
    auto url = sqs.create_queue(name, {{"MaximumMessageSize", "2048"}});
    INFO((url ? "" : url.error().describe()));
    REQUIRE(url);
    Outbox outbox(dir.path / "spool", 1 << 20);
    Delivery delivery(sqs, name, outbox);
    // Lines of 1,000, 1,000, 1,500, 2,500 and 1,000 bytes; with messages of at most 3,000 bytes
    // they pack as [1, 2] [3] [4] [5]: one request of four messages, the third over 2,048.
    std::vector<niamd::protocol::Record> lines;
    std::uint64_t seq = 0;
    for (const std::size_t size : {1000, 1000, 1500, 2500, 1000}) {
        auto record = niamd::protocol::log_record("i-0123456789abcdef0", "web1",
                                                  {"docker:app", ++seq, 1700000000, std::string(size, 'a'), "", 0});
        auto encoded = niamd::protocol::encode_record(record).size();
        record = niamd::protocol::log_record(
            "i-0123456789abcdef0", "web1",
            {"docker:app", seq, 1700000000, std::string(size - (encoded - size), 'a'), "", 0});
        REQUIRE(niamd::protocol::encode_record(record).size() == size);
        lines.push_back(record);
    }
    REQUIRE(outbox.append(lines));
    LocalStack::get().reset_counts();
    const auto report = delivery.deliver(3000);
    INFO(report.error);
    CHECK(report.error.empty());
    CHECK(report.requests == 1);
    CHECK(LocalStack::get().requests("sqs", "SendMessageBatch") == 1);
    CHECK(report.sent == 3);
    CHECK(report.refused == 1);
    CHECK(report.failed == 0);
    CHECK(report.records_sent == 4);
    CHECK(outbox.empty());  // refused for good: not kept to be refused again
    CHECK(delivery.totals().refused_records == 1);
    CHECK(delivery.totals().failed_entries == 0);

    std::vector<std::uint64_t> seqs;
    for (int i = 0; i < 10 && seqs.size() < 4; ++i) {
        awsrest::SqsReceiveOptions options;
        options.max_messages = 10;
        options.wait_time_seconds = 1;
        auto received = sqs.receive_message(*url, options);
        REQUIRE(received);
        for (const auto& message : received->messages) {
            for (const auto& record : niamd::protocol::decode_message(message.body).records) {
                if (auto line = niamd::protocol::log_line_of(record)) seqs.push_back(line->seq);
            }
        }
    }
    std::sort(seqs.begin(), seqs.end());
    CHECK(seqs == std::vector<std::uint64_t>{1, 2, 3, 5});
    REQUIRE_NOTHING_REJECTED();
}
