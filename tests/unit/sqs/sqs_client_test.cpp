// SqsClient over a scripted transport: the exact request of every call in both protocols,
// answers checked end to end (MD5, batch partial failure), argument checks that stop a
// request before it is sent, and AWS errors passed through with their code.
#include <catch2/catch.hpp>

#include <awsrest/sqs.hpp>

#include <atomic>
#include <functional>
#include <string>

#include "sqs_test_data.hpp"
#include "support/scripted_http.hpp"
#include "support/static_credentials.hpp"

using awsrest::ErrorKind;
using awsrest::SqsClient;
using awsrest::SqsProtocol;
using sqs_test::data_file;
using test_support::ManualClock;
using test_support::ScriptedHttp;
using test_support::StaticCredentials;

namespace {

constexpr const char* kQueueUrl = "https://sqs.us-east-1.amazonaws.com/177715257436/MyQueue";
constexpr const char* kQueueUrlForm = "https%3A%2F%2Fsqs.us-east-1.amazonaws.com%2F177715257436%2FMyQueue";
constexpr const char* kHandle = "MbZj6wDWli+JvwwJaBV+3dcjk2YW2vA3+STFFljTM8tJJg6HRG6PYSasuWXPJB+Cw";
constexpr const char* kHandleForm = "MbZj6wDWli%2BJvwwJaBV%2B3dcjk2YW2vA3%2BSTFFljTM8tJJg6HRG6PYSasuWXPJB%2BCw";

awsrest::ServiceEndpoint aws_endpoint() {
    awsrest::ServiceEndpoint endpoint;
    endpoint.endpoint.scheme = "https";
    endpoint.endpoint.host = "sqs.us-east-1.amazonaws.com";
    endpoint.region = "us-east-1";
    endpoint.signing_name = "sqs";
    return endpoint;
}

// One SqsClient on a scripted transport; one attempt per call, so scripted errors are
// not retried.
struct Fixture {
    explicit Fixture(SqsProtocol protocol, awsrest::ServiceEndpoint endpoint = aws_endpoint())
        : aws(http, credentials, clock, nullptr,
              awsrest::RetryPolicy{1, std::chrono::milliseconds{100}, std::chrono::milliseconds{20000}}),
          sqs(aws, std::move(endpoint), protocol) {}

    const awsrest::Request& last_request() const { return http.sent.back().request; }

    ScriptedHttp http;
    StaticCredentials credentials;
    ManualClock clock;
    awsrest::AwsClient aws;
    SqsClient sqs;
};

std::string header(const awsrest::Request& request, std::string_view name) {
    const auto value = awsrest::find_header(request.headers, name);
    return value ? std::string(*value) : std::string("<none>");
}

// One call as niamd makes it, the body it must put on the wire in each protocol and the
// documented answer that makes it succeed.
struct CallCase {
    const char* action;
    std::function<bool(SqsClient&)> call;  // true when the call succeeded as expected
    std::string json_body;
    std::string query_body;
    std::string json_answer;  // file under tests/data/sqs/
    std::string query_answer;
};

std::vector<CallCase> call_cases() {
    const std::string url = kQueueUrl;
    const std::string form_url = kQueueUrlForm;
    std::vector<CallCase> cases;
    cases.push_back(
        {"CreateQueue",
         [](SqsClient& sqs) {
             auto created = sqs.create_queue("MyQueue", {{"VisibilityTimeout", "60"}, {"DelaySeconds", "45"}});
             return created.ok() && created->ends_with("/MyQueue");
         },
         R"({"QueueName":"MyQueue","Attributes":{"DelaySeconds":"45","VisibilityTimeout":"60"}})",
         "Action=CreateQueue&Version=2012-11-05&QueueName=MyQueue&Attribute.1.Name=DelaySeconds&"
         "Attribute.1.Value=45&Attribute.2.Name=VisibilityTimeout&Attribute.2.Value=60",
         "json/create_queue.json", "query/create_queue.xml"});
    cases.push_back({"GetQueueUrl",
                     [](SqsClient& sqs) {
                         auto found = sqs.get_queue_url("MyQueue");
                         return found.ok() && found->ends_with("/MyQueue");
                     },
                     R"({"QueueName":"MyQueue"})", "Action=GetQueueUrl&Version=2012-11-05&QueueName=MyQueue",
                     "json/get_queue_url.json", "query/get_queue_url.xml"});
    cases.push_back({"SendMessage",
                     [](SqsClient& sqs) {
                         awsrest::SqsSendOptions options;
                         options.delay_seconds = 5;
                         auto sent = sqs.send_message(kQueueUrl, "This is a test message", options);
                         return sent.ok() && sent->md5_of_body == "fafb00f5732ab283681e124bf8747ed1";
                     },
                     R"({"QueueUrl":")" + url + R"(","MessageBody":"This is a test message","DelaySeconds":5})",
                     "Action=SendMessage&Version=2012-11-05&QueueUrl=" + form_url +
                         "&MessageBody=This%20is%20a%20test%20message&DelaySeconds=5",
                     "json/send_message.json", "query/send_message.xml"});
    cases.push_back({"SendMessageBatch",
                     [](SqsClient& sqs) {
                         awsrest::SqsSendOptions delayed;
                         delayed.delay_seconds = 10;
                         auto sent =
                             sqs.send_message_batch(kQueueUrl, {{"test_msg_001", "test message body 1", {}},
                                                                {"test_msg_002", "test message body 2", delayed}});
                         return sent.ok() && sent->successful.size() == 2 && sent->failed.empty();
                     },
                     R"({"QueueUrl":")" + url +
                         R"(","Entries":[{"Id":"test_msg_001","MessageBody":"test message body 1"},)"
                         R"({"Id":"test_msg_002","MessageBody":"test message body 2","DelaySeconds":10}]})",
                     "Action=SendMessageBatch&Version=2012-11-05&QueueUrl=" + form_url +
                         "&SendMessageBatchRequestEntry.1.Id=test_msg_001"
                         "&SendMessageBatchRequestEntry.1.MessageBody=test%20message%20body%201"
                         "&SendMessageBatchRequestEntry.2.Id=test_msg_002"
                         "&SendMessageBatchRequestEntry.2.MessageBody=test%20message%20body%202"
                         "&SendMessageBatchRequestEntry.2.DelaySeconds=10",
                     "json/send_message_batch.json", "query/send_message_batch.xml"});
    cases.push_back({"ReceiveMessage",
                     [](SqsClient& sqs) {
                         awsrest::SqsReceiveOptions options;
                         options.max_messages = 10;
                         options.wait_time_seconds = 20;
                         options.visibility_timeout = 30;
                         options.attribute_names = {"All"};
                         auto received = sqs.receive_message(kQueueUrl, options);
                         return received.ok() && received->messages.size() == 1 && received->rejected.empty() &&
                                received->messages[0].attributes.contains("SentTimestamp") &&
                                received->messages[0].attributes.contains("ApproximateReceiveCount");
                     },
                     R"({"QueueUrl":")" + url +
                         R"(","MaxNumberOfMessages":10,"WaitTimeSeconds":20,"VisibilityTimeout":30,)"
                         R"("MessageSystemAttributeNames":["All"],"AttributeNames":["All"]})",
                     "Action=ReceiveMessage&Version=2012-11-05&QueueUrl=" + form_url +
                         "&MaxNumberOfMessages=10&WaitTimeSeconds=20&VisibilityTimeout=30"
                         "&MessageSystemAttributeName.1=All&AttributeName.1=All",
                     "json/receive_message.json", "query/receive_message.xml"});
    cases.push_back({"DeleteMessage", [](SqsClient& sqs) { return sqs.delete_message(kQueueUrl, kHandle).ok(); },
                     R"({"QueueUrl":")" + url + R"(","ReceiptHandle":")" + kHandle + R"("})",
                     "Action=DeleteMessage&Version=2012-11-05&QueueUrl=" + form_url + "&ReceiptHandle=" + kHandleForm,
                     "json/receive_message_empty.json", "query/delete_message.xml"});
    cases.push_back(
        {"DeleteMessageBatch",
         [](SqsClient& sqs) {
             auto deleted = sqs.delete_message_batch(kQueueUrl, {{"msg1", "h+1"}, {"msg2", "h 2"}});
             return deleted.ok() && deleted->successful.size() == 2 && deleted->failed.empty();
         },
         R"({"QueueUrl":")" + url +
             R"(","Entries":[{"Id":"msg1","ReceiptHandle":"h+1"},{"Id":"msg2","ReceiptHandle":"h 2"}]})",
         "Action=DeleteMessageBatch&Version=2012-11-05&QueueUrl=" + form_url +
             "&DeleteMessageBatchRequestEntry.1.Id=msg1&DeleteMessageBatchRequestEntry.1.ReceiptHandle=h%2B1"
             "&DeleteMessageBatchRequestEntry.2.Id=msg2&DeleteMessageBatchRequestEntry.2.ReceiptHandle=h%202",
         "json/delete_message_batch.json", "query/delete_message_batch.xml"});
    cases.push_back({"ChangeMessageVisibility",
                     [](SqsClient& sqs) { return sqs.change_message_visibility(kQueueUrl, kHandle, 60).ok(); },
                     R"({"QueueUrl":")" + url + R"(","ReceiptHandle":")" + kHandle + R"(","VisibilityTimeout":60})",
                     "Action=ChangeMessageVisibility&Version=2012-11-05&QueueUrl=" + form_url +
                         "&ReceiptHandle=" + kHandleForm + "&VisibilityTimeout=60",
                     "json/receive_message_empty.json", "query/change_message_visibility.xml"});
    cases.push_back(
        {"GetQueueAttributes",
         [](SqsClient& sqs) {
             auto attributes = sqs.get_queue_attributes(kQueueUrl, {"ApproximateNumberOfMessages", "QueueArn"});
             return attributes.ok() && attributes->contains("QueueArn");
         },
         R"({"QueueUrl":")" + url + R"(","AttributeNames":["ApproximateNumberOfMessages","QueueArn"]})",
         "Action=GetQueueAttributes&Version=2012-11-05&QueueUrl=" + form_url +
             "&AttributeName.1=ApproximateNumberOfMessages&AttributeName.2=QueueArn",
         "json/get_queue_attributes.json", "query/get_queue_attributes.xml"});
    return cases;
}

}  // namespace

TEST_CASE("sqs: every call puts the exact JSON 1.0 request on the wire", "[sqs][client]") {
    for (const CallCase& c : call_cases()) {
        INFO(c.action);
        Fixture fixture(SqsProtocol::Json);
        fixture.http.respond(200, data_file(c.json_answer), {{"Content-Type", "application/x-amz-json-1.0"}});
        CHECK(c.call(fixture.sqs));
        REQUIRE(fixture.http.sent.size() == 1);
        const awsrest::Request& request = fixture.last_request();
        CHECK(request.method == "POST");
        CHECK(request.path == "/");
        CHECK(request.query.empty());
        CHECK(header(request, "Content-Type") == "application/x-amz-json-1.0");
        CHECK(header(request, "X-Amz-Target") == std::string("AmazonSQS.") + c.action);
        CHECK(request.body == c.json_body);
        CHECK(header(request, "Authorization").find("/us-east-1/sqs/aws4_request") != std::string::npos);
        CHECK(fixture.http.sent.back().endpoint.host == "sqs.us-east-1.amazonaws.com");
    }
}

TEST_CASE("sqs: every call puts the exact Query request on the wire", "[sqs][client]") {
    for (const CallCase& c : call_cases()) {
        INFO(c.action);
        Fixture fixture(SqsProtocol::Query);
        fixture.http.respond(200, data_file(c.query_answer), {{"Content-Type", "text/xml"}});
        CHECK(c.call(fixture.sqs));
        REQUIRE(fixture.http.sent.size() == 1);
        const awsrest::Request& request = fixture.last_request();
        CHECK(request.method == "POST");
        CHECK(request.path == "/");
        CHECK(request.query.empty());
        CHECK(header(request, "Content-Type") == "application/x-www-form-urlencoded; charset=utf-8");
        CHECK(header(request, "X-Amz-Target") == "<none>");
        CHECK(request.body == c.query_body);
        CHECK(header(request, "Authorization").find("/us-east-1/sqs/aws4_request") != std::string::npos);
    }
}

TEST_CASE("sqs: requests go to a local endpoint and its base path", "[sqs][client]") {
    awsrest::ServiceEndpoint local;
    local.endpoint.scheme = "http";
    local.endpoint.host = "127.0.0.1";
    local.endpoint.port = 4566;
    local.endpoint.base_path = "/sqs-emulator";
    local.region = "eu-west-1";
    local.signing_name = "sqs";
    Fixture fixture(SqsProtocol::Query, local);
    fixture.http.respond(200, data_file("query/get_queue_url.xml"));
    REQUIRE(fixture.sqs.get_queue_url("MyQueue").ok());
    CHECK(fixture.last_request().path == "/sqs-emulator/");
    CHECK(fixture.http.sent.back().endpoint.port == 4566);
    CHECK(header(fixture.last_request(), "Authorization").find("/eu-west-1/sqs/aws4_request") != std::string::npos);
}

TEST_CASE("sqs: JSON request strings are escaped, bodies keep every allowed character", "[sqs][client]") {
    Fixture fixture(SqsProtocol::Json);
    const std::string body = "say \"hi\" \\ tab\there\r\nnext caf\xC3\xA9 \xF0\x9F\x98\x80 </x>";
    fixture.http.respond(200, R"({"MessageId":"m-1","MD5OfMessageBody":"3ef3d32d931088b8d73cdfc766c6c60d"})");
    CHECK(fixture.sqs.send_message(kQueueUrl, body).ok());
    CHECK(fixture.last_request().body == std::string(R"({"QueueUrl":")") + kQueueUrl +
                                             R"(","MessageBody":"say \"hi\" \\ tab\there\r\nnext caf)"
                                             "\xC3\xA9 \xF0\x9F\x98\x80"
                                             R"( </x>"})");
}

TEST_CASE("sqs: a sent body whose MD5 the answer contradicts is a Parse error naming the message", "[sqs][client]") {
    for (const SqsProtocol protocol : {SqsProtocol::Json, SqsProtocol::Query}) {
        Fixture fixture(protocol);
        fixture.http.respond(
            200, data_file(protocol == SqsProtocol::Json ? "json/send_message.json" : "query/send_message.xml"));
        auto sent = fixture.sqs.send_message(kQueueUrl, "This is not the documented message");
        REQUIRE_FALSE(sent.ok());
        CHECK(sent.error().kind == ErrorKind::Parse);
        CHECK(
            sent.error().message.starts_with("SQS.SendMessage: MD5OfMessageBody \"fafb00f5732ab283681e124bf8747ed1\""));
        const std::string message_id = protocol == SqsProtocol::Json ? "219f8380-5770-4cc2-8c3e-5c715e145f5e"
                                                                     : "5fea7756-0ea4-451a-a703-a558b933e274";
        CHECK(sent.error().message.find("of message \"" + message_id + "\"") != std::string::npos);
    }
}

TEST_CASE("sqs: a received body whose MD5 does not match is rejected with its receipt handle", "[sqs][client]") {
    for (const SqsProtocol protocol : {SqsProtocol::Json, SqsProtocol::Query}) {
        Fixture fixture(protocol);
        fixture.http.respond(200, data_file(protocol == SqsProtocol::Json ? "json/receive_message_md5_mismatch.json"
                                                                          : "query/receive_message_md5_mismatch.xml"));
        auto received = fixture.sqs.receive_message(kQueueUrl);
        REQUIRE(received.ok());
        REQUIRE(received->rejected.size() == 1);
        const awsrest::SqsRejectedMessage& rejected = received->rejected[0];
        CHECK(rejected.message.message_id == "5fea7756-0ea4-451a-a703-a558b933e274");
        CHECK(rejected.message.receipt_handle == "MbZj6wDWli+JvwwJaBV+3dcjk2YW2vA3+STFFljTM8tJJg6HRG6PYSasuWXPJB+Cw");
        CHECK(rejected.error.kind == ErrorKind::Parse);
        CHECK(rejected.error.message.find("5fea7756-0ea4-451a-a703-a558b933e274") != std::string::npos);
        if (protocol == SqsProtocol::Json) {
            REQUIRE(received->messages.size() == 1);
            CHECK(received->messages[0].message_id == "219f8380-5770-4cc2-8c3e-5c715e145f5e");
        } else {
            CHECK(received->messages.empty());
        }
    }
}

TEST_CASE("sqs: a receive's cancel flag goes with that call only, not with the deletes after it", "[sqs][client]") {
    for (const SqsProtocol protocol : {SqsProtocol::Json, SqsProtocol::Query}) {
        Fixture fixture(protocol);
        fixture.http.respond(
            200, data_file(protocol == SqsProtocol::Json ? "json/receive_message.json" : "query/receive_message.xml"));
        fixture.http.respond(200, protocol == SqsProtocol::Json ? "{}" : data_file("query/delete_message.xml"));
        std::atomic<bool> cancel{false};
        awsrest::SqsReceiveOptions options;
        options.cancel = &cancel;
        REQUIRE(fixture.sqs.receive_message(kQueueUrl, options).ok());
        REQUIRE(fixture.sqs.delete_message(kQueueUrl, kHandle).ok());
        REQUIRE(fixture.http.cancel_flags.size() == 2);
        CHECK(fixture.http.cancel_flags[0] == &cancel);
        CHECK(fixture.http.cancel_flags[1] == nullptr);
    }
}

TEST_CASE("sqs: batch partial failures are reported entry by entry", "[sqs][client]") {
    for (const SqsProtocol protocol : {SqsProtocol::Json, SqsProtocol::Query}) {
        Fixture fixture(protocol);
        const bool json = protocol == SqsProtocol::Json;
        fixture.http.respond(200, data_file(json ? "json/send_message_batch_partial_failure.json"
                                                 : "query/send_message_batch_partial_failure.xml"));
        auto sent = fixture.sqs.send_message_batch(
            kQueueUrl, {{"test_msg_001", "test message body 1", {}}, {"test_msg_002", "test message body 2", {}}});
        REQUIRE(sent.ok());
        REQUIRE(sent->successful.size() == 1);
        CHECK(sent->successful[0].id == "test_msg_001");
        CHECK(sent->successful[0].message_id == "0a5231c7-8bff-4955-be2e-8dc7c50a25fa");
        CHECK(sent->successful[0].md5_of_body == "0e024d309850c78cba5eabbeff7cae71");
        REQUIRE(sent->failed.size() == 1);
        CHECK(sent->failed[0].id == "test_msg_002");
        CHECK(sent->failed[0].code == "InvalidParameterValue");
        CHECK(sent->failed[0].sender_fault);

        fixture.http.respond(200, data_file(json ? "json/delete_message_batch_partial_failure.json"
                                                 : "query/delete_message_batch_partial_failure.xml"));
        auto deleted = fixture.sqs.delete_message_batch(kQueueUrl, {{"msg1", "h1"}, {"msg2", "not-a-handle"}});
        REQUIRE(deleted.ok());
        CHECK(deleted->successful == std::vector<std::string>{"msg1"});
        REQUIRE(deleted->failed.size() == 1);
        CHECK(deleted->failed[0].id == "msg2");
        CHECK(deleted->failed[0].code == "ReceiptHandleIsInvalid");
        CHECK(deleted->failed[0].sender_fault);
    }
}

TEST_CASE("sqs: bad arguments fail before anything is sent", "[sqs][client]") {
    Fixture fixture(SqsProtocol::Json);
    auto body = fixture.sqs.send_message(kQueueUrl, "alert\x07");
    REQUIRE_FALSE(body.ok());
    CHECK(body.error().kind == ErrorKind::InvalidArgument);
    CHECK(body.error().message.starts_with("SQS.SendMessage: message body has U+0007 at byte offset 5"));

    std::vector<awsrest::SqsSendEntry> eleven;
    for (int i = 0; i < 11; ++i) eleven.push_back({"m" + std::to_string(i), "x", {}});
    auto batch = fixture.sqs.send_message_batch(kQueueUrl, eleven);
    REQUIRE_FALSE(batch.ok());
    CHECK(batch.error().kind == ErrorKind::InvalidArgument);
    CHECK(batch.error().message == "SQS.SendMessageBatch: a batch holds at most 10 entries, not 11");

    awsrest::SqsReceiveOptions options;
    options.wait_time_seconds = 30;
    auto receive = fixture.sqs.receive_message(kQueueUrl, options);
    REQUIRE_FALSE(receive.ok());
    CHECK(receive.error().message == "SQS.ReceiveMessage: WaitTimeSeconds 30 is outside 0..20");

    CHECK_FALSE(fixture.sqs.create_queue("bad name").ok());
    CHECK_FALSE(fixture.sqs.delete_message("", kHandle).ok());
    CHECK_FALSE(fixture.sqs.change_message_visibility(kQueueUrl, kHandle, 43201).ok());
    CHECK(fixture.http.sent.empty());
}

TEST_CASE("sqs: a malformed 2xx answer is a Parse error naming the call", "[sqs][client]") {
    Fixture json(SqsProtocol::Json);
    json.http.respond(200, "{\"Messages\": [");
    auto received = json.sqs.receive_message(kQueueUrl);
    REQUIRE_FALSE(received.ok());
    CHECK(received.error().kind == ErrorKind::Parse);
    CHECK(received.error().message.starts_with("SQS.ReceiveMessage: response is not valid JSON at offset 14"));

    Fixture query(SqsProtocol::Query);
    query.http.respond(200, "<SendMessageResponse><SendMessageResult>");
    auto sent = query.sqs.send_message(kQueueUrl, "hello");
    REQUIRE_FALSE(sent.ok());
    CHECK(sent.error().kind == ErrorKind::Parse);
    CHECK(sent.error().message.starts_with("SQS.SendMessage: response is not valid XML at offset"));
}

TEST_CASE("sqs: throttling answers pass through as Service errors with their code", "[sqs][client]") {
    Fixture json(SqsProtocol::Json);
    json.http.respond(400, data_file("json/throttling_error.json"),
                      {{"Content-Type", "application/x-amz-json-1.0"}, {"x-amzn-RequestId", "req-1"}});
    auto sent = json.sqs.send_message(kQueueUrl, "hello");
    REQUIRE_FALSE(sent.ok());
    CHECK(sent.error().kind == ErrorKind::Service);
    CHECK(sent.error().code == "ThrottlingException");
    CHECK(sent.error().http_status == 400);
    CHECK(sent.error().request_id == "req-1");

    Fixture query(SqsProtocol::Query);
    query.http.respond(403, data_file("query/throttling_error.xml"), {{"Content-Type", "text/xml"}});
    auto received = query.sqs.receive_message(kQueueUrl);
    REQUIRE_FALSE(received.ok());
    CHECK(received.error().kind == ErrorKind::Service);
    CHECK(received.error().code == "RequestThrottled");
    CHECK(received.error().message.find("Rate exceeded") != std::string::npos);
}

TEST_CASE("sqs: CreateQueue with other attributes than the existing queue passes the error on", "[sqs][client]") {
    Fixture fixture(SqsProtocol::Json);
    fixture.http.respond(
        400,
        R"({"__type":"com.amazonaws.sqs#QueueNameExists",)"
        R"("message":"A queue already exists with the same name and a different value for attribute VisibilityTimeout"})",
        {{"x-amzn-query-error", "QueueAlreadyExists;Sender"}});
    auto created = fixture.sqs.create_queue("MyQueue", {{"VisibilityTimeout", "60"}});
    REQUIRE_FALSE(created.ok());
    CHECK(created.error().kind == ErrorKind::Service);
    CHECK(created.error().code == "QueueAlreadyExists");
    REQUIRE(fixture.http.sent.size() == 1);
}
