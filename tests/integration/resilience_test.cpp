// AwsClient's retries, clock-skew correction and error reporting against faults the stack
// injects after its signature check (503, 500, throttling, dropped connections, truncated
// answers, a skewed clock), plus a closed port. The stack's counters show how many
// attempts reached it.
#include <awsrest/aws_client.hpp>
#include <awsrest/ec2.hpp>
#include <awsrest/http.hpp>
#include <awsrest/s3.hpp>
#include <awsrest/sns.hpp>
#include <awsrest/sqs.hpp>
#include <awsrest/sts.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "local_stack.hpp"
#include "stack_helpers.hpp"

namespace {

using awsrest::AwsClient;
using awsrest::Error;
using awsrest::ErrorKind;
using stack::LocalStack;

// What a call gave: nothing when it succeeded, else its error.
using Outcome = std::optional<Error>;

template <class T>
Outcome outcome(const awsrest::Result<T>& result) {
    if (result) return std::nullopt;
    return result.error();
}

// One service call the fault tests run, with what the stack counts it as.
struct Target {
    std::string service;          // the stack's counter and fault filter: "sqs"
    std::string action;           // "SendMessage"
    std::string operation;        // as the library names it in errors: "SQS.SendMessage"
    std::string throttling_code;  // what the stack answers to a "throttle" fault
    std::function<Outcome(AwsClient&)> call;
};

std::string make_queue(awsrest::SqsProtocol protocol) {
    awsrest::SqsClient sqs(LocalStack::get().client(), stack::service_endpoint("sqs"), protocol);
    auto url = sqs.create_queue(stack::unique_name("resilience"));
    REQUIRE(url);
    return *url;
}

Target sqs_send(awsrest::SqsProtocol protocol) {
    const std::string url = make_queue(protocol);
    const bool json = protocol == awsrest::SqsProtocol::Json;
    return {"sqs", "SendMessage", "SQS.SendMessage", json ? "ThrottlingException" : "RequestThrottled",
            [url, protocol](AwsClient& client) {
                awsrest::SqsClient sqs(client, stack::service_endpoint("sqs"), protocol);
                return outcome(sqs.send_message(url, "resilience"));
            }};
}

// A queue holding a message, so the answer has a body worth truncating; visibility 0
// keeps it receivable.
Target sqs_receive(awsrest::SqsProtocol protocol) {
    const std::string url = make_queue(protocol);
    awsrest::SqsClient sqs(LocalStack::get().client(), stack::service_endpoint("sqs"), protocol);
    REQUIRE(sqs.send_message(url, "a message long enough that half of its answer is not a document"));
    const bool json = protocol == awsrest::SqsProtocol::Json;
    return {"sqs", "ReceiveMessage", "SQS.ReceiveMessage", json ? "ThrottlingException" : "RequestThrottled",
            [url, protocol](AwsClient& client) {
                awsrest::SqsClient sqs(client, stack::service_endpoint("sqs"), protocol);
                awsrest::SqsReceiveOptions options;
                options.wait_time_seconds = 1;
                options.visibility_timeout = 0;
                auto received = sqs.receive_message(url, options);
                if (received && received->messages.size() != 1) {
                    return Outcome(awsrest::make_error(ErrorKind::InvalidArgument, "test: expected one message"));
                }
                return outcome(received);
            }};
}

std::string make_bucket() {
    const std::string bucket = stack::unique_name("resilience");
    REQUIRE(stack::create_bucket(LocalStack::get().client(), stack::service_endpoint("s3"), bucket));
    return bucket;
}

Target s3_put() {
    const std::string bucket = make_bucket();
    return {"s3", "PutObject", "S3.PutObject", "SlowDown", [bucket](AwsClient& client) {
                awsrest::S3Client s3(client, stack::service_endpoint("s3"), {awsrest::S3AddressingStyle::Path});
                return outcome(s3.put_object(bucket, "state.json", "{\"ok\":true}", {"application/json", {}}));
            }};
}

Target s3_list() {
    const std::string bucket = make_bucket();
    awsrest::S3Client s3(LocalStack::get().client(), stack::service_endpoint("s3"), {awsrest::S3AddressingStyle::Path});
    for (const char* key : {"a/one.txt", "a/two.txt", "b/three.txt"}) REQUIRE(s3.put_object(bucket, key, key));
    return {"s3", "ListObjectsV2", "S3.ListObjectsV2", "SlowDown", [bucket](AwsClient& client) {
                awsrest::S3Client s3(client, stack::service_endpoint("s3"), {awsrest::S3AddressingStyle::Path});
                awsrest::ListObjectsV2Request list;
                list.bucket = bucket;
                return outcome(s3.list_objects_v2(list));
            }};
}

Target sns_publish() {
    awsrest::SnsClient sns(LocalStack::get().client(), stack::service_endpoint("sns"));
    auto topic = sns.create_topic(stack::unique_name("resilience"));
    REQUIRE(topic);
    const std::string arn = *topic;
    return {"sns", "Publish", "SNS.Publish", "Throttling", [arn](AwsClient& client) {
                awsrest::SnsClient sns(client, stack::service_endpoint("sns"));
                awsrest::SnsPublishRequest publish;
                publish.topic_arn = arn;
                publish.message = "resilience";
                return outcome(sns.publish(publish));
            }};
}

Target ec2_describe() {
    return {"ec2", "DescribeInstances", "EC2.DescribeInstances", "RequestLimitExceeded", [](AwsClient& client) {
                awsrest::Ec2Client ec2(client, stack::service_endpoint("ec2"));
                return outcome(ec2.describe_instances());
            }};
}

Target sts_identity() {
    return {"sts", "GetCallerIdentity", "STS.GetCallerIdentity", "Throttling", [](AwsClient& client) {
                awsrest::StsClient sts(client, stack::service_endpoint("sts"));
                return outcome(sts.get_caller_identity());
            }};
}

Target make_target(const std::string& name) {
    if (name == "sqs-json-send") return sqs_send(awsrest::SqsProtocol::Json);
    if (name == "sqs-query-send") return sqs_send(awsrest::SqsProtocol::Query);
    if (name == "sqs-json-receive") return sqs_receive(awsrest::SqsProtocol::Json);
    if (name == "sqs-query-receive") return sqs_receive(awsrest::SqsProtocol::Query);
    if (name == "s3-put") return s3_put();
    if (name == "s3-list") return s3_list();
    if (name == "sns-publish") return sns_publish();
    if (name == "ec2-describe") return ec2_describe();
    if (name == "sts-identity") return sts_identity();
    FAIL("no target " << name);
    return {};
}

std::string fault(const Target& target, const std::string& kind, const std::string& count) {
    return R"({"service":")" + target.service + R"(","action":")" + target.action + R"(","kind":")" + kind +
           R"(","count":)" + count + "}";
}

// An HttpClient that counts the requests it passes on.
class CountingHttp final : public awsrest::HttpClient {
  public:
    explicit CountingHttp(awsrest::HttpClient& inner) : inner_(inner) {}
    awsrest::Result<awsrest::Response> send(const awsrest::Endpoint& endpoint, const awsrest::Request& request,
                                            const awsrest::SendOptions& options) override {
        ++sent;
        return inner_.send(endpoint, request, options);
    }
    int sent = 0;

  private:
    awsrest::HttpClient& inner_;
};

// A client of its own, with the stack's credentials and a fast retry policy, for tests
// that change what a client has learned (the clock offset) or count what it sends. Its
// connection pool starts empty.
struct OwnClient {
    OwnClient() {
        awsrest::RetryPolicy policy;
        policy.base_delay = std::chrono::milliseconds(10);
        policy.max_delay = std::chrono::milliseconds(200);
        client = std::make_unique<AwsClient>(counting, LocalStack::get().credentials(), awsrest::system_clock(),
                                             &random, policy);
    }
    std::unique_ptr<awsrest::HttpClient> curl = awsrest::make_curl_http_client();
    CountingHttp counting{*curl};
    awsrest::SeededRandom random{20240301};
    std::unique_ptr<AwsClient> client;
};

}  // namespace

TEST_CASE("resilience: two 503, 500 or throttling answers are retried and the third attempt succeeds",
          "[integration][resilience]") {
    const std::string kind = GENERATE("503", "500", "throttle");
    const std::string name =
        GENERATE("sqs-json-send", "sqs-query-send", "s3-put", "sns-publish", "ec2-describe", "sts-identity");
    INFO(name << " with fault " << kind);
    stack::FaultGuard faults;
    auto& stack = LocalStack::get();
    const Target target = make_target(name);
    stack.reset_counts();
    stack.add_fault(fault(target, kind, "2"));

    const Outcome result = target.call(stack.client());
    INFO((result ? result->describe() : ""));
    CHECK_FALSE(result);
    CHECK(stack.requests(target.service, target.action) == 3);
    CHECK(stack::faulted(target.service, target.action) == 2);
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("resilience: throttling beyond the retry budget is the throttling error after 3 attempts",
          "[integration][resilience]") {
    const std::string name =
        GENERATE("sqs-json-send", "sqs-query-send", "s3-put", "sns-publish", "ec2-describe", "sts-identity");
    INFO(name);
    stack::FaultGuard faults;
    auto& stack = LocalStack::get();
    const Target target = make_target(name);
    stack.reset_counts();
    stack.add_fault(fault(target, "throttle", "\"always\""));

    const Outcome result = target.call(stack.client());
    REQUIRE(result);
    INFO(result->describe());
    CHECK(result->kind == ErrorKind::Service);
    CHECK(result->code == target.throttling_code);
    CHECK(result->message.find(target.operation) != std::string::npos);
    CHECK(result->message.find("after 3 attempts") != std::string::npos);
    CHECK(stack.requests(target.service, target.action) == 3);
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("resilience: a skewed server clock is learned from Date and kept", "[integration][resilience]") {
    const std::string name =
        GENERATE("sqs-json-send", "sqs-query-send", "s3-put", "sns-publish", "ec2-describe", "sts-identity");
    INFO(name);
    stack::FaultGuard faults;
    auto& stack = LocalStack::get();
    const Target target = make_target(name);
    OwnClient own;  // the offset it learns must not leak into other tests' client
    stack.reset_counts();
    stack.add_fault(R"({"service":")" + target.service + R"(","kind":"skew","seconds":1800})");

    // Refused once as skewed (the stack's answer carries its Date), then signed again at once.
    Outcome first = target.call(*own.client);
    INFO((first ? first->describe() : ""));
    REQUIRE_FALSE(first);
    CHECK(stack.requests(target.service, target.action) == 2);
    CHECK(stack.rejected() == 1);
    CHECK(own.client->clock_offset() >= std::chrono::seconds(1795));
    CHECK(own.client->clock_offset() <= std::chrono::seconds(1805));

    // The offset is kept: the next call gets through at the first attempt.
    stack.reset_counts();
    Outcome second = target.call(*own.client);
    INFO((second ? second->describe() : ""));
    REQUIRE_FALSE(second);
    CHECK(stack.requests(target.service, target.action) == 1);
    REQUIRE_NOTHING_REJECTED();

    // The server's clock is right again: one refusal, and the client learns an offset near 0.
    stack.clear_faults();
    stack.reset_counts();
    Outcome third = target.call(*own.client);
    INFO((third ? third->describe() : ""));
    REQUIRE_FALSE(third);
    CHECK(stack.requests(target.service, target.action) == 2);
    CHECK(stack.rejected() == 1);
    CHECK(own.client->clock_offset() >= std::chrono::seconds(-5));
    CHECK(own.client->clock_offset() <= std::chrono::seconds(5));
}

TEST_CASE("resilience: a closed port is a Network error after 3 attempts, within a few seconds",
          "[integration][resilience]") {
    stack::FaultGuard faults;  // none left from an earlier test, none left behind
    stack::ClosedPort closed;
    auto curl = awsrest::make_curl_http_client();
    CountingHttp counting(*curl);
    AwsClient client(counting, LocalStack::get().credentials());  // the default retry policy
    awsrest::ServiceEndpoint endpoint = stack::service_endpoint("sts");
    endpoint.endpoint.port = closed.port();
    awsrest::StsClient sts(client, endpoint);

    const auto start = std::chrono::steady_clock::now();
    auto identity = sts.get_caller_identity();
    const auto elapsed = std::chrono::steady_clock::now() - start;
    REQUIRE_FALSE(identity);
    INFO(identity.error().describe());
    CHECK(identity.error().kind == ErrorKind::Network);
    CHECK(identity.error().http_status == 0);
    CHECK(identity.error().message.find("STS.GetCallerIdentity") != std::string::npos);
    CHECK(identity.error().message.find("could not connect") != std::string::npos);
    CHECK(identity.error().message.find("127.0.0.1:" + std::to_string(closed.port())) != std::string::npos);
    CHECK(identity.error().message.find("after 3 attempts") != std::string::npos);
    CHECK(counting.sent == 3);
    CHECK(elapsed < std::chrono::seconds(3));
}

TEST_CASE("resilience: an outage that drops every connection is a Network error after 3 attempts",
          "[integration][resilience]") {
    stack::FaultGuard faults;
    auto& stack = LocalStack::get();
    const Target target = sts_identity();
    // A client with no kept-alive connection: on a reused one libcurl would send the first
    // attempt twice (see the dropped-connection test) and the stack would count 4.
    OwnClient own;
    stack.reset_counts();
    stack.add_fault(R"({"service":"sts","kind":"down"})");
    const Outcome result = target.call(*own.client);
    REQUIRE(result);
    INFO(result->describe());
    CHECK(result->kind == ErrorKind::Network);
    CHECK(result->message.find("STS.GetCallerIdentity") != std::string::npos);
    CHECK(result->message.find("connection dropped") != std::string::npos);
    CHECK(result->message.find("after 3 attempts") != std::string::npos);
    CHECK(own.counting.sent == 3);
    CHECK(stack.requests("sts", "GetCallerIdentity") == 3);
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("resilience: a truncated answer is a Parse error naming the call, not retried", "[integration][resilience]") {
    const std::string name = GENERATE("sqs-json-receive", "sqs-query-receive", "sqs-json-send", "s3-list",
                                      "sns-publish", "ec2-describe", "sts-identity");
    INFO(name);
    stack::FaultGuard faults;
    stack::Ec2InstancesGuard instances;
    auto& stack = LocalStack::get();
    stack.control("POST", "ec2/instances",
                  R"([{"instanceId":"i-0aaaaaaaaaaaaaaa1","tags":{"Name":"web-1"}},)"
                  R"({"instanceId":"i-0aaaaaaaaaaaaaaa2","tags":{"Name":"web-2"}}])");
    const Target target = make_target(name);
    stack.reset_counts();
    stack.add_fault(fault(target, "malformed", "1"));

    const Outcome result = target.call(stack.client());
    REQUIRE(result);
    INFO(result->describe());
    CHECK(result->kind == ErrorKind::Parse);
    CHECK(result->message.find(target.operation) != std::string::npos);
    CHECK(stack.requests(target.service, target.action) == 1);

    // The fault is used up: the same call now works.
    CHECK_FALSE(target.call(stack.client()));
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("resilience: a dropped connection is retried and the call succeeds", "[integration][resilience]") {
    const std::string name =
        GENERATE("sqs-json-send", "sqs-query-send", "s3-put", "sns-publish", "ec2-describe", "sts-identity");
    INFO(name);
    stack::FaultGuard faults;
    auto& stack = LocalStack::get();
    const Target target = make_target(name);
    OwnClient own;

    SECTION("on a new connection") {
        stack.reset_counts();
        stack.add_fault(fault(target, "drop", "1"));
        const Outcome result = target.call(*own.client);
        INFO((result ? result->describe() : ""));
        CHECK_FALSE(result);
        CHECK(own.counting.sent == 2);
        CHECK(stack.requests(target.service, target.action) == 2);
        CHECK(stack::faulted(target.service, target.action) == 1);
    }

    SECTION("on a kept-alive connection") {
        REQUIRE_FALSE(target.call(*own.client));
        stack.reset_counts();
        own.counting.sent = 0;
        stack.add_fault(fault(target, "drop", "1"));
        const Outcome result = target.call(*own.client);
        INFO((result ? result->describe() : ""));
        CHECK_FALSE(result);
        // libcurl itself sends a request again, on a new connection, when a reused
        // connection closes before any answer (it takes that for a stale keep-alive
        // connection), so AwsClient may see one attempt here where the stack saw two.
        CHECK(own.counting.sent >= 1);
        CHECK(own.counting.sent <= 2);
        CHECK(stack.requests(target.service, target.action) == 2);
        CHECK(stack::faulted(target.service, target.action) == 1);
    }
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("resilience: a slow answer within the timeout is waited for, not retried", "[integration][resilience]") {
    stack::FaultGuard faults;
    auto& stack = LocalStack::get();
    const Target target = sts_identity();
    stack.reset_counts();
    stack.add_fault(R"({"service":"sts","kind":"delay","ms":400})");
    const auto start = std::chrono::steady_clock::now();
    const Outcome result = target.call(stack.client());
    const auto elapsed = std::chrono::steady_clock::now() - start;
    INFO((result ? result->describe() : ""));
    CHECK_FALSE(result);
    CHECK(elapsed >= std::chrono::milliseconds(380));
    CHECK(stack.requests("sts", "GetCallerIdentity") == 1);
    REQUIRE_NOTHING_REJECTED();
}
