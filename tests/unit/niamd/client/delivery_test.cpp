// Delivery over a fake SQS transport: what the outbox holds goes in one SendMessage while
// SQS answers; during an outage everything stays in the outbox; afterwards the backlog
// drains oldest first with SendMessageBatch, nothing is sent twice and a record leaves the
// outbox only once SQS accepted the message carrying it.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <unistd.h>

#include "client/delivery.hpp"
#include "client/outbox_metrics.hpp"
#include "niamd/client/fake_sqs.hpp"
#include "protocol/log_record.hpp"
#include "protocol/record_decoder.hpp"
#include "protocol/record_encoder.hpp"
#include "support/scripted_http.hpp"
#include "support/static_credentials.hpp"

namespace fs = std::filesystem;
using niamd::client::Delivery;
using niamd::client::Outbox;
using niamd::protocol::Record;
using niamd::protocol::RecordKind;

namespace {

Record ping(std::int64_t time) {
    Record r;
    r.instance = "i-1";
    r.hostname = "web1";
    r.kind = RecordKind::Ping;
    r.time = time;
    return r;
}

// Every record of the received bodies, as times, in arrival order.
std::vector<std::int64_t> times_of(const std::vector<std::string>& bodies) {
    std::vector<std::int64_t> times;
    for (const auto& body : bodies) {
        for (const auto& record : niamd::protocol::decode_message(body).records) times.push_back(record.time);
    }
    return times;
}

struct Fixture {
    Fixture()
        : dir(fs::temp_directory_path() / ("niam-delivery-" + std::to_string(::getpid()))),
          aws(sqs_http, credentials, clock, nullptr,
              awsrest::RetryPolicy{1, std::chrono::milliseconds{1}, std::chrono::milliseconds{1}}),
          sqs(aws, awsrest::ServiceEndpoint{{"https", "sqs.us-east-1.amazonaws.com", 0, ""}, "us-east-1", "sqs"}) {
        fs::remove_all(dir);
        fs::create_directories(dir);
        outbox = std::make_unique<Outbox>(dir / "spool", 1 << 20);
        delivery = std::make_unique<Delivery>(sqs, "q", *outbox);
    }
    ~Fixture() { fs::remove_all(dir); }

    void keep(std::int64_t time) { REQUIRE(outbox->append({ping(time)})); }

    fs::path dir;
    test_support::FakeSqs sqs_http;
    test_support::StaticCredentials credentials;
    test_support::ManualClock clock;
    awsrest::AwsClient aws;
    awsrest::SqsClient sqs;
    std::unique_ptr<Outbox> outbox;
    std::unique_ptr<Delivery> delivery;
};

}  // namespace

TEST_CASE("delivery: one SendMessage per round while SQS answers", "[client][delivery]") {
    Fixture f;
    for (int i = 0; i < 3; ++i) {
        f.keep(100 + i);
        f.keep(200 + i);
        auto report = f.delivery->deliver();
        CHECK(report.sent == 1);
        CHECK(report.records_sent == 2);
        CHECK(report.requests == 1);
        CHECK(report.error.empty());
    }
    CHECK(f.sqs_http.calls["CreateQueue"] == 1);  // looked up once
    CHECK(f.sqs_http.calls["SendMessage"] == 3);
    CHECK(f.sqs_http.calls["SendMessageBatch"] == 0);
    CHECK(f.sqs_http.received.front() ==
          niamd::protocol::encode_record(ping(100)) + "\n" + niamd::protocol::encode_record(ping(200)));
    CHECK(f.outbox->empty());
    CHECK_FALSE(fs::exists(f.dir / "spool"));  // emptied, nothing ever dropped: no file
}

TEST_CASE("delivery: an outage keeps the records and the backlog drains in order with batches", "[client][delivery]") {
    Fixture f;
    f.keep(0);
    REQUIRE(f.delivery->deliver().sent == 1);
    f.sqs_http.up = false;
    for (int i = 1; i <= 40; ++i) {
        f.keep(i);
        auto report = f.delivery->deliver(64);  // small messages: a few records each
        CHECK(report.sent == 0);
        CHECK(report.spooled == static_cast<std::size_t>(i));
        CHECK_FALSE(report.error.empty());
    }
    // Kept on disk: a restart would find them.
    CHECK(Outbox(f.dir / "spool", 1 << 20).size() == 40);
    f.sqs_http.up = true;
    f.keep(41);
    const int single_before = f.sqs_http.calls["SendMessage"];
    auto report = f.delivery->deliver(64);
    CHECK(report.error.empty());
    CHECK(report.records_sent == 41);
    CHECK(report.spooled == 0);
    CHECK(f.sqs_http.calls["SendMessage"] == single_before);  // a backlog: batches only
    CHECK(f.sqs_http.calls["SendMessageBatch"] == static_cast<int>(report.requests));
    CHECK(report.requests < report.sent);  // several messages per request
    std::vector<std::int64_t> expected;
    for (int i = 0; i <= 41; ++i) expected.push_back(i);
    CHECK(times_of(f.sqs_http.received) == expected);  // in order, none twice
    CHECK(f.outbox->empty());
}

TEST_CASE("delivery: the outbox left by a previous run drains first", "[client][delivery]") {
    Fixture f;
    f.sqs_http.up = false;
    f.keep(1);
    f.delivery->deliver();
    f.keep(2);
    f.delivery->deliver();
    // A restart: a new Outbox and Delivery over the same file.
    f.delivery.reset();
    f.outbox = std::make_unique<Outbox>(f.dir / "spool", 1 << 20);
    f.delivery = std::make_unique<Delivery>(f.sqs, "q", *f.outbox);
    REQUIRE(f.outbox->size() == 2);
    f.sqs_http.up = true;
    f.keep(3);
    f.delivery->deliver();
    CHECK(times_of(f.sqs_http.received) == std::vector<std::int64_t>{1, 2, 3});
}

TEST_CASE("delivery: a batch entry SQS failed stays in the outbox and goes next time", "[client][delivery]") {
    Fixture f;
    f.sqs_http.up = false;
    for (int i = 0; i < 4; ++i) f.keep(i);
    f.sqs_http.up = true;
    f.sqs_http.fail_batch_entry = 3;  // the 4th message (one record each at this size)
    auto report = f.delivery->deliver(20);
    CHECK(report.sent == 3);
    CHECK(report.spooled == 1);
    CHECK_FALSE(report.error.empty());
    CHECK(f.outbox->entries().front().body == niamd::protocol::encode_record(ping(3)));
    CHECK(Outbox(f.dir / "spool", 1 << 20).size() == 1);  // and so on disk
    f.keep(4);
    f.delivery->deliver(20);
    CHECK(times_of(f.sqs_http.received) == std::vector<std::int64_t>{0, 1, 2, 3, 4});
    CHECK(f.outbox->empty());
}

TEST_CASE("delivery: the signer is applied to what is sent and not to what is kept", "[client][delivery]") {
    Fixture f;
    f.delivery->set_signer([](const std::string& body) { return body + "\n#signed"; });
    f.sqs_http.up = false;
    f.keep(1);
    f.delivery->deliver();
    CHECK(f.outbox->entries().front().body == niamd::protocol::encode_record(ping(1)));
    f.sqs_http.up = true;
    f.delivery->deliver();
    CHECK(f.sqs_http.received == std::vector<std::string>{niamd::protocol::encode_record(ping(1)) + "\n#signed"});
}

namespace {

// A log line of `text_bytes` bytes of text, numbered `seq`.
Record log_line(std::uint64_t seq, std::size_t text_bytes) {
    std::string text = "line " + std::to_string(seq) + " ";
    text.resize(text_bytes, 'x');
    return niamd::protocol::log_record("i-0123456789abcdef0", "web1",
                                       {"docker:app", seq, 1700000000, text, "stdout", 0});
}

// Every LOG record's seq of the received bodies, in arrival order.
std::vector<std::uint64_t> seqs_of(const std::vector<std::string>& bodies) {
    std::vector<std::uint64_t> seqs;
    for (const auto& body : bodies) {
        for (const auto& record : niamd::protocol::decode_message(body).records) {
            if (auto line = niamd::protocol::log_line_of(record)) seqs.push_back(line->seq);
        }
    }
    return seqs;
}

std::vector<std::uint64_t> one_to(std::uint64_t n) {
    std::vector<std::uint64_t> seqs;
    for (std::uint64_t i = 1; i <= n; ++i) seqs.push_back(i);
    return seqs;
}

// The bodies of each request, joined as SQS counts them (the sum of their sizes).
std::vector<std::size_t> request_payloads(const test_support::FakeSqs& sqs) {
    std::vector<std::size_t> payloads;
    std::size_t body = 0;
    for (const std::size_t count : sqs.per_request) {
        std::size_t payload = 0;
        for (std::size_t i = 0; i < count; ++i) payload += sqs.received[body++].size();
        payloads.push_back(payload);
    }
    return payloads;
}

}  // namespace

TEST_CASE("delivery: between heartbeats only full requests go, the rest rides in the heartbeat's message",
          "[client][delivery]") {
    Fixture f;
    f.outbox->set_max_bytes(64 << 20);
    std::vector<Record> lines;
    for (std::uint64_t seq = 1; seq <= 2500; ++seq) lines.push_back(log_line(seq, 200));
    const std::size_t line_bytes = niamd::protocol::encode_record(lines.back()).size();
    REQUIRE(line_bytes == 265);
    REQUIRE(f.outbox->append(lines));
    auto report = f.delivery->deliver_whole();
    CHECK(report.error.empty());
    // About 660 KB of lines of 262-265 bytes: two full requests (one 256 KiB message each: the
    // bytes bound it, not the 4,096 records), the rest (about 150 KB) waits.
    CHECK(report.requests == 2);
    CHECK(f.sqs_http.calls["SendMessageBatch"] == 2);
    CHECK(f.sqs_http.calls["SendMessage"] == 0);
    REQUIRE(f.sqs_http.received.size() == 2);
    for (const auto& body : f.sqs_http.received) {
        CHECK(body.size() <= awsrest::kSqsMaxPayloadBytes);
        CHECK(body.size() + 1 + line_bytes > awsrest::kSqsMaxPayloadBytes);  // full: one line more would not fit
    }
    const std::size_t sent = seqs_of(f.sqs_http.received).size();
    CHECK(report.records_sent == sent);
    CHECK(f.outbox->size() == 2500 - sent);
    CHECK(report.spooled == 2500 - sent);
    // Less than a request's worth left: nothing more until the heartbeat.
    CHECK(f.delivery->deliver_whole().requests == 0);
    CHECK(f.sqs_http.calls["SendMessageBatch"] == 2);
    report = f.delivery->deliver();  // the heartbeat: the rest in one message
    CHECK(report.requests == 1);
    CHECK(f.sqs_http.calls["SendMessage"] == 1);
    CHECK(seqs_of(f.sqs_http.received) == one_to(2500));  // in order, none twice
    CHECK(f.outbox->empty());
}

TEST_CASE("delivery: between heartbeats nothing is tried while SQS fails", "[client][delivery]") {
    Fixture f;
    f.outbox->set_max_bytes(64 << 20);
    std::vector<Record> lines;
    for (std::uint64_t seq = 1; seq <= 3000; ++seq) lines.push_back(log_line(seq, 200));
    REQUIRE(f.outbox->append(lines));
    f.sqs_http.up = false;
    auto report = f.delivery->deliver_whole();
    CHECK_FALSE(report.error.empty());
    const int attempts = f.sqs_http.down_attempts;
    CHECK(attempts >= 1);
    for (int second = 0; second < 29; ++second) CHECK(f.delivery->deliver_whole().requests == 0);
    CHECK(f.sqs_http.down_attempts == attempts);  // no request a second during the outage
    f.sqs_http.up = true;
    report = f.delivery->deliver();  // the heartbeat tries again, and drains
    CHECK(report.error.empty());
    CHECK(seqs_of(f.sqs_http.received) == one_to(3000));
    CHECK(f.outbox->empty());
}

TEST_CASE("delivery: a request is filled past messages cut short by the record bound", "[client][delivery]") {
    Fixture f;
    f.outbox->set_max_bytes(64 << 20);
    // 20,000 PINGs of 21 bytes: 4,096 make a message of 90,111 bytes, so two such messages
    // leave 81,922 bytes of a request, which a third, shorter message takes.
    std::vector<Record> pings;
    for (int i = 0; i < 20000; ++i) pings.push_back(ping(1000000 + i));
    REQUIRE(niamd::protocol::encode_record(pings.front()).size() == 21);
    REQUIRE(f.outbox->append(pings));
    auto report = f.delivery->deliver();
    CHECK(report.error.empty());
    const auto payloads = request_payloads(f.sqs_http);
    // 20,000 × 22 bytes (line and newline): two requests (3 + 2 messages: 11,915 PINGs, then
    // 8,085); without the filling, three (two 90,111-byte messages per request).
    CHECK(payloads.size() == 2);
    CHECK(report.requests == 2);
    REQUIRE_FALSE(payloads.empty());
    CHECK(payloads[0] <= awsrest::kSqsMaxPayloadBytes);
    CHECK(payloads[0] + 22 > awsrest::kSqsMaxPayloadBytes);  // full to the last line that fits
    CHECK(f.sqs_http.per_request == std::vector<std::size_t>{3, 2});
    CHECK(payloads[0] == 2 * 90111 + (3723 * 22 - 1));
    std::vector<std::int64_t> expected;
    for (int i = 0; i < 20000; ++i) expected.push_back(1000000 + i);
    CHECK(times_of(f.sqs_http.received) == expected);
}

TEST_CASE("delivery: a batch entry failed stays and one refused for good is dropped, both counted",
          "[client][delivery]") {
    Fixture f;
    f.outbox->set_max_bytes(64 << 20);
    std::vector<Record> pings;
    for (int i = 0; i < 20000; ++i) pings.push_back(ping(1000000 + i));
    REQUIRE(f.outbox->append(pings));
    f.sqs_http.fail_batch_entry = 1;  // the second message of the first request: 4,096 PINGs
    auto report = f.delivery->deliver();
    CHECK(report.failed == 1);
    CHECK(report.refused == 0);
    CHECK_FALSE(report.error.empty());
    CHECK(report.requests == 1);  // the failure ends the call
    REQUIRE(f.sqs_http.per_request.size() == 1);
    CHECK(f.sqs_http.per_request[0] == 2);  // the first and the third message
    // The failed message's records are still the outbox's first ones, and on disk.
    CHECK(f.outbox->entries().front().body == niamd::protocol::encode_record(ping(1000000 + 4096)));
    const std::size_t left = f.outbox->size();
    CHECK(left == 20000 - report.records_sent);
    CHECK(Outbox(f.dir / "spool", 64 << 20).size() == left);
    report = f.delivery->deliver();
    CHECK(report.error.empty());
    CHECK(report.records_sent == left);
    CHECK(f.delivery->totals().failed_entries == 1);
    CHECK(f.delivery->totals().refused_records == 0);
    auto times = times_of(f.sqs_http.received);
    CHECK(times.size() == 20000);  // every PING once
    std::sort(times.begin(), times.end());
    CHECK(std::adjacent_find(times.begin(), times.end()) == times.end());

    // Refused for good (sender fault): not sent again, counted.
    Fixture g;
    g.outbox->set_max_bytes(64 << 20);
    REQUIRE(g.outbox->append(pings));
    g.sqs_http.refuse_batch_entry = 0;
    report = g.delivery->deliver();
    CHECK(report.refused == 1);
    CHECK(report.failed == 0);
    CHECK(report.error.empty());
    CHECK(g.outbox->empty());
    CHECK(times_of(g.sqs_http.received).size() == 20000 - 4096);
    CHECK(g.delivery->totals().refused_records == 4096);
    CHECK(g.delivery->totals().failed_entries == 0);
    // Sent as the client's samples with the heartbeat.
    const auto samples = niamd::client::delivery_metric_records({"i-1", "web1"}, g.delivery->totals(), 77);
    REQUIRE(samples.size() == 2);
    CHECK(samples[0].target == "niamd.delivery.failed_entries");
    CHECK(samples[0].value == 0);
    CHECK(samples[1].target == "niamd.delivery.refused_records");
    CHECK(samples[1].value == 4096);
}

// The figure docs/logs.md quotes: requests for 100,000 log lines from a busy source (1,000
// lines a second, the rate limit; lines of 120 bytes of text), heartbeat every 30 s.
TEST_CASE("delivery: requests per 100,000 log lines of a busy source", "[client][delivery]") {
    Fixture f;
    f.outbox->set_max_bytes(64 << 20);
    std::size_t largest_outbox = 0;
    std::size_t total_bytes = 0;
    std::size_t heartbeats = 0;
    std::uint64_t seq = 0;
    for (int second = 1; second <= 100; ++second) {
        std::vector<Record> lines;
        for (int i = 0; i < 1000; ++i) lines.push_back(log_line(++seq, 120));
        for (const auto& line : lines) total_bytes += niamd::protocol::encode_record(line).size() + 1;
        REQUIRE(f.outbox->append(lines));
        largest_outbox = std::max(largest_outbox, f.outbox->bytes());
        if (second % 30 == 0 || second == 100) {
            ++heartbeats;
            CHECK(f.delivery->deliver().error.empty());
        } else {
            CHECK(f.delivery->deliver_whole().error.empty());
        }
    }
    const int batches = f.sqs_http.calls["SendMessageBatch"];
    const int singles = f.sqs_http.calls["SendMessage"];
    const std::size_t requests = static_cast<std::size_t>(batches + singles);
    // Each request but the heartbeats' is full to its last line: at least the bytes over 256 KiB.
    const std::size_t fewest = (total_bytes + awsrest::kSqsMaxPayloadBytes - 1) / awsrest::kSqsMaxPayloadBytes;
    const std::size_t line_bytes = niamd::protocol::encode_record(log_line(100000, 120)).size() + 1;
    const std::size_t most =
        total_bytes / (awsrest::kSqsMaxPayloadBytes - line_bytes) + heartbeats;  // a line short at most, per request
    std::cout << "100,000 lines of " << line_bytes << " bytes (" << total_bytes << " bytes): " << requests
              << " requests (" << batches << " SendMessageBatch, " << singles << " SendMessage), "
              << f.sqs_http.received.size() << " messages; outbox at most " << largest_outbox << " bytes\n";
    CHECK(requests >= fewest);
    CHECK(requests <= most);
    CHECK(static_cast<std::size_t>(singles) <= heartbeats);
    // Between heartbeats at most a request's worth (and one second's lines) waits.
    CHECK(largest_outbox < 2 * awsrest::kSqsMaxPayloadBytes + 1000 * (line_bytes + 40));
    CHECK(seqs_of(f.sqs_http.received) == one_to(100000));
}
