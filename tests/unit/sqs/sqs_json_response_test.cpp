// The JSON 1.0 answer parsers on the AWS API Reference examples and on malformed bodies.
#include <catch2/catch.hpp>

#include <string>

#include "sqs/response_common.hpp"
#include "sqs/sqs_json_response.hpp"
#include "sqs_test_data.hpp"

using awsrest::ErrorKind;
using sqs_test::data_file;
using namespace awsrest::sqs;

TEST_CASE("sqs: JSON CreateQueue and GetQueueUrl answers give the queue URL", "[sqs][json]") {
    auto created = parse_json_queue_url(data_file("json/create_queue.json"), "CreateQueue");
    REQUIRE(created.ok());
    CHECK(*created == "https://sqs.us-east-1.amazonaws.com/177715257436/MyQueue");
    auto found = parse_json_queue_url(data_file("json/get_queue_url.json"), "GetQueueUrl");
    REQUIRE(found.ok());
    CHECK(*found == "https://sqs.us-east-1.amazonaws.com/177715257436/MyQueue");
}

TEST_CASE("sqs: JSON SendMessage answer gives message id and body MD5", "[sqs][json]") {
    auto sent = parse_json_send_message(data_file("json/send_message.json"));
    REQUIRE(sent.ok());
    CHECK(sent->message_id == "219f8380-5770-4cc2-8c3e-5c715e145f5e");
    CHECK(sent->md5_of_body == "fafb00f5732ab283681e124bf8747ed1");
    CHECK(sent->sequence_number.empty());
}

TEST_CASE("sqs: JSON SendMessageBatch answer lists every successful entry", "[sqs][json]") {
    auto batch = parse_json_send_message_batch(data_file("json/send_message_batch.json"));
    REQUIRE(batch.ok());
    REQUIRE(batch->successful.size() == 2);
    CHECK(batch->failed.empty());
    CHECK(batch->successful[0].id == "test_msg_001");
    CHECK(batch->successful[0].message_id == "0a5231c7-8bff-4955-be2e-8dc7c50a25fa");
    CHECK(batch->successful[0].md5_of_body == "0e024d309850c78cba5eabbeff7cae71");
    CHECK(batch->successful[1].id == "test_msg_002");
    CHECK(batch->successful[1].message_id == "15ee1ed3-87e7-40c1-bdaa-2e49968ea7e9");
    CHECK(batch->successful[1].md5_of_body == "7fb8146a82f95e0af155278f406862c2");
}

TEST_CASE("sqs: JSON SendMessageBatch partial failure keeps id, code, message and sender fault", "[sqs][json]") {
    auto batch = parse_json_send_message_batch(data_file("json/send_message_batch_partial_failure.json"));
    REQUIRE(batch.ok());
    REQUIRE(batch->successful.size() == 1);
    CHECK(batch->successful[0].id == "test_msg_001");
    REQUIRE(batch->failed.size() == 1);
    CHECK(batch->failed[0].id == "test_msg_002");
    CHECK(batch->failed[0].code == "InvalidParameterValue");
    CHECK(batch->failed[0].message ==
          "One or more parameters are invalid. Reason: Message must be shorter than 262144 bytes.");
    CHECK(batch->failed[0].sender_fault);
}

TEST_CASE("sqs: JSON ReceiveMessage answer gives messages with their system attributes", "[sqs][json]") {
    auto messages = parse_json_receive_message(data_file("json/receive_message.json"));
    REQUIRE(messages.ok());
    REQUIRE(messages->size() == 1);
    const awsrest::SqsMessage& message = messages->front();
    CHECK(message.message_id == "219f8380-5770-4cc2-8c3e-5c715e145f5e");
    CHECK(message.body == "This is a test message");
    CHECK(message.md5_of_body == "fafb00f5732ab283681e124bf8747ed1");
    CHECK(message.receipt_handle.starts_with("AQEBaZ+j5qUoOAoxlmrCQPkBm9njMWXqemmIG6shMHCO6fV20JrQYg/AiZ8J"));
    CHECK(message.receipt_handle.ends_with("qWpiW3d2Ws7q"));
    const awsrest::SqsAttributes expected{{"SenderId", "AIDASSYFHUBOBT7F4XT75"},
                                          {"ApproximateFirstReceiveTimestamp", "1677112433437"},
                                          {"ApproximateReceiveCount", "1"},
                                          {"SentTimestamp", "1677112427387"}};
    CHECK(message.attributes == expected);
}

TEST_CASE("sqs: JSON ReceiveMessage answer without Messages is an empty receive", "[sqs][json]") {
    auto messages = parse_json_receive_message(data_file("json/receive_message_empty.json"));
    REQUIRE(messages.ok());
    CHECK(messages->empty());
}

TEST_CASE("sqs: JSON bodies keep escaped characters exactly", "[sqs][json]") {
    const std::string body = R"({"Messages":[{"MessageId":"m1","ReceiptHandle":"r1","MD5OfBody":"x",)"
                             R"("Body":"tab\there \"quoted\" \\ \r\n \u00e9 \ud83d\ude00 \u0000end"}]})";
    auto messages = parse_json_receive_message(body);
    REQUIRE(messages.ok());
    REQUIRE(messages->size() == 1);
    using namespace std::string_literals;
    CHECK(messages->front().body == "tab\there \"quoted\" \\ \r\n \xC3\xA9 \xF0\x9F\x98\x80 \0end"s);
}

TEST_CASE("sqs: JSON DeleteMessageBatch answers, complete and partial", "[sqs][json]") {
    auto all = parse_json_delete_message_batch(data_file("json/delete_message_batch.json"));
    REQUIRE(all.ok());
    CHECK(all->successful == std::vector<std::string>{"msg1", "msg2"});
    CHECK(all->failed.empty());

    auto partial = parse_json_delete_message_batch(data_file("json/delete_message_batch_partial_failure.json"));
    REQUIRE(partial.ok());
    CHECK(partial->successful == std::vector<std::string>{"msg1"});
    REQUIRE(partial->failed.size() == 1);
    CHECK(partial->failed[0].id == "msg2");
    CHECK(partial->failed[0].code == "ReceiptHandleIsInvalid");
    CHECK(partial->failed[0].message == "The input receipt handle \"not-a-handle\" is not a valid receipt handle.");
    CHECK(partial->failed[0].sender_fault);
}

TEST_CASE("sqs: JSON GetQueueAttributes answer gives the attribute map", "[sqs][json]") {
    auto attributes = parse_json_queue_attributes(data_file("json/get_queue_attributes.json"));
    REQUIRE(attributes.ok());
    CHECK(attributes->size() == 13);
    CHECK(attributes->at("QueueArn") == "arn:aws:sqs:us-east-1:555555555555:MyQueue");
    CHECK(attributes->at("VisibilityTimeout") == "60");
    CHECK(attributes->at("MaximumMessageSize") == "262144");
    CHECK(attributes->at("Policy").starts_with("{\"Version\":\"2012-10-17\",\"Id\":\"Policy1677095510157\""));
}

TEST_CASE("sqs: JSON calls without a result accept an empty body or an object", "[sqs][json]") {
    CHECK(parse_json_empty("", "DeleteMessage").ok());
    CHECK(parse_json_empty("{}", "DeleteMessage").ok());
    auto bad = parse_json_empty("{\"unterminated", "ChangeMessageVisibility");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().kind == ErrorKind::Parse);
    CHECK(bad.error().message.starts_with("SQS.ChangeMessageVisibility: response is not valid JSON at offset"));
}

TEST_CASE("sqs: malformed JSON answers are Parse errors naming the call", "[sqs][json]") {
    struct Row {
        const char* name;
        std::string body;
        std::string expected;  // start of the message
    };
    const Row rows[] = {
        {"not JSON", "<html>", "SQS.ReceiveMessage: response is not valid JSON at offset 0"},
        {"truncated", R"({"Messages":[{"MessageId":"m1")",
         "SQS.ReceiveMessage: response is not valid JSON at offset 30"},
        {"empty", "", "SQS.ReceiveMessage: response is not valid JSON at offset 0"},
        {"array", "[]", "SQS.ReceiveMessage: response is not a JSON object"},
        {"Messages not array", R"({"Messages":{}})", "SQS.ReceiveMessage: Messages is not an array"},
        {"message not object", R"({"Messages":[3]})", "SQS.ReceiveMessage: Messages[0] is not an object"},
        {"missing body", R"({"Messages":[{"MessageId":"m1","ReceiptHandle":"r","MD5OfBody":"x"}]})",
         "SQS.ReceiveMessage: Messages[0].Body is missing"},
        {"body not string", R"({"Messages":[{"MessageId":"m1","ReceiptHandle":"r","MD5OfBody":"x","Body":7}]})",
         "SQS.ReceiveMessage: Messages[0].Body is not a string"},
        {"attribute not string",
         R"({"Messages":[{"MessageId":"m1","ReceiptHandle":"r","MD5OfBody":"x","Body":"b","Attributes":{"SentTimestamp":1}}]})",
         "SQS.ReceiveMessage: Messages[0].Attributes.SentTimestamp is not a string"},
        {"invalid UTF-8", "{\"Messages\":[{\"Body\":\"\xff\"}]}", "SQS.ReceiveMessage: response is not valid JSON"},
        {"trailing garbage", "{} {}", "SQS.ReceiveMessage: response is not valid JSON at offset 3"},
    };
    for (const Row& row : rows) {
        INFO(row.name);
        auto parsed = parse_json_receive_message(row.body);
        REQUIRE_FALSE(parsed.ok());
        CHECK(parsed.error().kind == ErrorKind::Parse);
        CHECK(parsed.error().message.starts_with(row.expected));
    }
}

TEST_CASE("sqs: malformed JSON answers of the other calls name their call", "[sqs][json]") {
    auto url = parse_json_queue_url("{\"QueueUrl\":5}", "GetQueueUrl");
    REQUIRE_FALSE(url.ok());
    CHECK(url.error().message == "SQS.GetQueueUrl: QueueUrl is not a string");

    auto sent = parse_json_send_message(R"({"MessageId":"m1"})");
    REQUIRE_FALSE(sent.ok());
    CHECK(sent.error().message == "SQS.SendMessage: MD5OfMessageBody is missing");

    auto batch = parse_json_send_message_batch(R"({"Failed":[{"Id":"a","Code":"X","SenderFault":"maybe"}]})");
    REQUIRE_FALSE(batch.ok());
    CHECK(batch.error().message == "SQS.SendMessageBatch: Failed[0].SenderFault is not a boolean");

    auto deleted = parse_json_delete_message_batch(R"({"Successful":[{"Id":3}]})");
    REQUIRE_FALSE(deleted.ok());
    CHECK(deleted.error().message == "SQS.DeleteMessageBatch: Successful[0].Id is not a string");

    auto attributes = parse_json_queue_attributes(R"({"Attributes":[]})");
    REQUIRE_FALSE(attributes.ok());
    CHECK(attributes.error().message == "SQS.GetQueueAttributes: Attributes is not an object");
}

TEST_CASE("sqs: JSON answers beyond the named bounds are refused", "[sqs][json]") {
    std::string eleven = R"({"Messages":[)";
    for (int i = 0; i < 11; ++i) {
        if (i > 0) eleven += ",";
        eleven += R"({"MessageId":"m","ReceiptHandle":"r","MD5OfBody":"x","Body":"b"})";
    }
    eleven += "]}";
    auto messages = parse_json_receive_message(eleven);
    REQUIRE_FALSE(messages.ok());
    CHECK(messages.error().message == "SQS.ReceiveMessage: Messages has 11 entries, more than the 10 SQS sends");

    std::string batch = R"({"Successful":[)";
    for (int i = 0; i < 6; ++i) batch += std::string(i ? "," : "") + R"({"Id":"s)" + std::to_string(i) + R"("})";
    batch += R"(],"Failed":[)";
    for (int i = 0; i < 5; ++i) {
        batch += std::string(i ? "," : "") + R"({"Id":"f)" + std::to_string(i) + R"(","Code":"X"})";
    }
    batch += "]}";
    auto deleted = parse_json_delete_message_batch(batch);
    REQUIRE_FALSE(deleted.ok());
    CHECK(deleted.error().message == "SQS.DeleteMessageBatch: response has more than 10 batch result entries");

    const std::string huge(kMaxResponseBytes + 1, ' ');
    auto too_big = parse_json_queue_attributes(huge);
    REQUIRE_FALSE(too_big.ok());
    CHECK(too_big.error().kind == ErrorKind::Parse);
    CHECK(too_big.error().message ==
          "SQS.GetQueueAttributes: response is 16777217 bytes, more than the 16777216 bytes parsed");
}

TEST_CASE("sqs: deeply nested JSON is refused at the depth bound, not followed", "[sqs][json]") {
    const std::string nested = "{\"Attributes\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
    auto attributes = parse_json_queue_attributes(nested);
    REQUIRE_FALSE(attributes.ok());
    CHECK(attributes.error().kind == ErrorKind::Parse);
    CHECK(attributes.error().message == "SQS.GetQueueAttributes: response nests JSON deeper than 32 levels");

    // 32 levels in all (the root object and 31 arrays) are still read.
    const std::string deepest = "{\"Other\":" + std::string(31, '[') + std::string(31, ']') + "}";
    CHECK(parse_json_queue_attributes(deepest).ok());
}

TEST_CASE("sqs: JSON answers with too many values or a NUL byte are refused", "[sqs][json]") {
    std::string many = "{\"Other\":[";
    for (int i = 0; i < 70000; ++i) many += i ? ",0" : "0";
    many += "]}";
    auto counted = parse_json_queue_attributes(many);
    REQUIRE_FALSE(counted.ok());
    CHECK(counted.error().message == "SQS.GetQueueAttributes: response has more than 65536 JSON values");

    using namespace std::string_literals;
    auto nul = parse_json_queue_attributes("{}\0{\"Attributes\":5}"s);
    REQUIRE_FALSE(nul.ok());
    CHECK(nul.error().message == "SQS.GetQueueAttributes: response is not valid JSON at offset 2 (a NUL byte)");
}

TEST_CASE("sqs: unknown JSON members of any kind are skipped", "[sqs][json]") {
    const std::string body =
        R"({"QueueUrl":"https://sqs.eu-west-1.amazonaws.com/1/q","Size":12.5e3,"N":null,"B":false,)"
        R"("Nested":{"a":[1,2,{"b":"c"}]}})";
    auto url = parse_json_queue_url(body, "GetQueueUrl");
    REQUIRE(url.ok());
    CHECK(*url == "https://sqs.eu-west-1.amazonaws.com/1/q");
}

// fuzz/regressions/sqs_json_response/heap-overflow-utf8-cut-at-end: an error body cut inside a
// four-byte UTF-8 sequence. RapidJSON's UTF-8 check took the whole sequence and read past the
// end of the buffer (ASan: heap-buffer-overflow in the sanitized unit run). The bad sequence
// starts at byte 65 (0xf3).
TEST_CASE("sqs: a JSON answer cut inside a UTF-8 sequence is a parse error, read within its bytes", "[sqs][json]") {
    const std::string body = "{\"__type\":\"com.amazon.coral.availability#PhrottlingException\",\"me\xf3s";
    REQUIRE(body.size() == 67);
    auto url = parse_json_queue_url(body, "GetQueueUrl");
    REQUIRE_FALSE(url.ok());
    CHECK(url.error().kind == ErrorKind::Parse);
    CHECK(url.error().message ==
          "SQS.GetQueueUrl: response is not valid JSON at offset 65 (Invalid encoding in string)");
    // Every length of the same cut body, so the end falls on each byte of the sequence.
    for (std::size_t size = 0; size <= body.size(); ++size) {
        CHECK_FALSE(parse_json_queue_url(std::string_view(body).substr(0, size), "GetQueueUrl").ok());
    }
}
