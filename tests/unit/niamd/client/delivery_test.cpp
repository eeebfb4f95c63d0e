// Delivery over a fake SQS transport: one SendMessage per message while SQS answers;
// during an outage everything spools; afterwards the spool drains oldest first in
// batches, new messages queue behind it, nothing is sent twice.
#include <catch2/catch.hpp>

#include <awsrest/aws_client.hpp>
#include <awsrest/sqs.hpp>
#include <rapidjson/document.h>

#include <filesystem>
#include <unistd.h>

#include "client/delivery.hpp"
#include "sqs/body_md5.hpp"
#include "support/scripted_http.hpp"
#include "support/static_credentials.hpp"

namespace fs = std::filesystem;
using niamd::client::Delivery;
using niamd::client::Spool;

namespace {

// Just enough of SQS's JSON protocol: CreateQueue, SendMessage, SendMessageBatch.
class FakeSqs final : public awsrest::HttpClient {
public:
    bool up = true;
    std::vector<std::string> received;  // bodies, in arrival order
    std::map<std::string, int> calls;
    int fail_batch_entry = -1;  // index of a batch entry to refuse once (server fault)

    awsrest::Result<awsrest::Response> send(const awsrest::Endpoint&, const awsrest::Request& request) override {
        if (!up) return awsrest::make_error(awsrest::ErrorKind::Network, "could not connect");
        std::string target(awsrest::find_header(request.headers, "X-Amz-Target").value_or(""));
        std::string action = target.substr(target.find('.') + 1);
        ++calls[action];
        rapidjson::Document doc;
        doc.Parse(request.body.c_str());
        awsrest::Response response;
        response.status = 200;
        if (action == "CreateQueue") {
            response.body = R"({"QueueUrl":"https://sqs.us-east-1.amazonaws.com/1/q"})";
        } else if (action == "SendMessage") {
            std::string body = doc["MessageBody"].GetString();
            received.push_back(body);
            response.body = R"({"MessageId":"m)" + std::to_string(received.size()) + R"(","MD5OfMessageBody":")" +
                            awsrest::sqs::md5_hex(body) + "\"}";
        } else if (action == "SendMessageBatch") {
            std::string ok;
            std::string failed;
            const auto& entries = doc["Entries"];
            for (rapidjson::SizeType i = 0; i < entries.Size(); ++i) {
                std::string id = entries[i]["Id"].GetString();
                std::string body = entries[i]["MessageBody"].GetString();
                if (static_cast<int>(i) == fail_batch_entry) {
                    fail_batch_entry = -1;
                    failed += std::string(failed.empty() ? "" : ",") + R"({"Id":")" + id +
                              R"(","SenderFault":false,"Code":"InternalError","Message":"try again"})";
                    continue;
                }
                received.push_back(body);
                ok += std::string(ok.empty() ? "" : ",") + R"({"Id":")" + id + R"(","MessageId":"m)" +
                      std::to_string(received.size()) + R"(","MD5OfMessageBody":")" + awsrest::sqs::md5_hex(body) + "\"}";
            }
            response.body = R"({"Successful":[)" + ok + R"(],"Failed":[)" + failed + "]}";
        } else {
            response.status = 400;
            response.body = R"({"__type":"InvalidAction","message":"not faked"})";
        }
        return response;
    }
};

struct Fixture {
    Fixture()
        : dir(fs::temp_directory_path() / ("niam-delivery-" + std::to_string(::getpid()))),
          aws(sqs_http, credentials, clock, nullptr,
              awsrest::RetryPolicy{1, std::chrono::milliseconds{1}, std::chrono::milliseconds{1}}),
          sqs(aws, awsrest::ServiceEndpoint{{"https", "sqs.us-east-1.amazonaws.com", 0, ""}, "us-east-1", "sqs"}) {
        fs::remove_all(dir);
        fs::create_directories(dir);
        spool = std::make_unique<Spool>(dir / "spool", 1 << 20);
        delivery = std::make_unique<Delivery>(sqs, "q", *spool);
    }
    ~Fixture() { fs::remove_all(dir); }

    fs::path dir;
    FakeSqs sqs_http;
    test_support::StaticCredentials credentials;
    test_support::ManualClock clock;
    awsrest::AwsClient aws;
    awsrest::SqsClient sqs;
    std::unique_ptr<Spool> spool;
    std::unique_ptr<Delivery> delivery;
};

}  // namespace

TEST_CASE("delivery: one SendMessage per cycle while SQS answers", "[client][delivery]") {
    Fixture f;
    for (int i = 0; i < 3; ++i) {
        auto report = f.delivery->deliver({"cycle " + std::to_string(i)});
        CHECK(report.sent == 1);
        CHECK(report.error.empty());
    }
    CHECK(f.sqs_http.calls["CreateQueue"] == 1);  // looked up once
    CHECK(f.sqs_http.calls["SendMessage"] == 3);
    CHECK(f.sqs_http.received == std::vector<std::string>{"cycle 0", "cycle 1", "cycle 2"});
    CHECK(f.spool->empty());
}

TEST_CASE("delivery: an outage spools, the spool drains in order, nothing twice", "[client][delivery]") {
    Fixture f;
    REQUIRE(f.delivery->deliver({"c0"}).sent == 1);
    f.sqs_http.up = false;
    for (int i = 1; i <= 14; ++i) {
        auto report = f.delivery->deliver({"c" + std::to_string(i)});
        CHECK(report.sent == 0);
        CHECK(report.spooled == static_cast<std::size_t>(i));
        CHECK_FALSE(report.error.empty());
    }
    f.sqs_http.up = true;
    auto report = f.delivery->deliver({"c15"});
    CHECK(report.sent == 15);
    CHECK(report.spooled == 0);
    std::vector<std::string> expected;
    for (int i = 0; i <= 15; ++i) expected.push_back("c" + std::to_string(i));
    CHECK(f.sqs_http.received == expected);
    CHECK(f.sqs_http.calls["SendMessageBatch"] == 2);  // 10 + 5, not 15 SendMessage calls
    CHECK(f.spool->empty());
}

TEST_CASE("delivery: the spool left by a previous run drains first", "[client][delivery]") {
    Fixture f;
    f.sqs_http.up = false;
    f.delivery->deliver({"old1"});
    f.delivery->deliver({"old2"});
    // A restart: a new Spool and Delivery over the same file.
    f.delivery.reset();
    f.spool = std::make_unique<Spool>(f.dir / "spool", 1 << 20);
    f.delivery = std::make_unique<Delivery>(f.sqs, "q", *f.spool);
    REQUIRE(f.spool->size() == 2);
    f.sqs_http.up = true;
    f.delivery->deliver({"new"});
    CHECK(f.sqs_http.received == std::vector<std::string>{"old1", "old2", "new"});
}

TEST_CASE("delivery: a batch entry SQS failed stays spooled and goes next time", "[client][delivery]") {
    Fixture f;
    f.sqs_http.up = false;
    for (int i = 0; i < 4; ++i) f.delivery->deliver({"c" + std::to_string(i)});
    f.sqs_http.up = true;
    f.sqs_http.fail_batch_entry = 4;  // "c4", the message of this cycle
    auto report = f.delivery->deliver({"c4"});
    CHECK(report.sent == 4);
    CHECK(report.spooled == 1);
    f.delivery->deliver({"c5"});
    CHECK(f.sqs_http.received == std::vector<std::string>{"c0", "c1", "c2", "c3", "c4", "c5"});
    CHECK(f.spool->empty());
}

TEST_CASE("delivery: the signer is applied to what is sent, not to what is spooled", "[client][delivery]") {
    Fixture f;
    f.delivery->set_signer([](const std::string& body) { return body + "\n#signed"; });
    f.sqs_http.up = false;
    f.delivery->deliver({"a"});
    CHECK(f.spool->entries().front().body == "a");
    f.sqs_http.up = true;
    f.delivery->deliver({"b"});
    CHECK(f.sqs_http.received == std::vector<std::string>{"a\n#signed", "b\n#signed"});
}
