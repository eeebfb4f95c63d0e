// Delivery over a fake SQS transport: what the outbox holds goes in one SendMessage while
// SQS answers; during an outage everything stays in the outbox; afterwards the backlog
// drains oldest first with SendMessageBatch, nothing is sent twice and a record leaves the
// outbox only once SQS accepted the message carrying it.
#include <catch2/catch.hpp>

#include <filesystem>
#include <unistd.h>

#include "client/delivery.hpp"
#include "niamd/client/fake_sqs.hpp"
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
    CHECK(f.sqs_http.received ==
          std::vector<std::string>{niamd::protocol::encode_record(ping(1)) + "\n#signed"});
}
