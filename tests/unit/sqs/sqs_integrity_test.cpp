// MD5 checks of sent and received bodies, and batch answers checked against the batch.
#include <catch2/catch.hpp>

#include <awsrest/sqs.hpp>

#include "sqs/body_md5.hpp"
#include "sqs/sqs_integrity.hpp"

using awsrest::ErrorKind;
using awsrest::SqsMessage;
using namespace awsrest::sqs;

TEST_CASE("sqs: md5_hex matches the RFC 1321 test suite and the SQS examples", "[sqs][md5]") {
    CHECK(md5_hex("") == "d41d8cd98f00b204e9800998ecf8427e");
    CHECK(md5_hex("abc") == "900150983cd24fb0d6963f7d28e17f72");
    CHECK(md5_hex("message digest") == "f96b697d7cb7938d525a2f31aaf161d0");
    CHECK(md5_hex("This is a test message") == "fafb00f5732ab283681e124bf8747ed1");
    CHECK(md5_hex("test message body 1") == "0e024d309850c78cba5eabbeff7cae71");
    CHECK(same_md5("FAFB00F5732AB283681E124BF8747ED1", "fafb00f5732ab283681e124bf8747ed1"));
    CHECK_FALSE(same_md5("fafb00f5732ab283681e124bf8747ed", "fafb00f5732ab283681e124bf8747ed1"));
}

TEST_CASE("sqs: a send whose MD5OfMessageBody differs is a Parse error naming the message", "[sqs][md5]") {
    CHECK(verify_sent_message({"m-1", "fafb00f5732ab283681e124bf8747ed1", ""}, "This is a test message").ok());
    auto wrong = verify_sent_message({"m-1", "fafb00f5732ab283681e124bf8747ed1", ""}, "This is another message");
    REQUIRE_FALSE(wrong.ok());
    CHECK(wrong.error().kind == ErrorKind::Parse);
    CHECK(wrong.error().message ==
          "SQS.SendMessage: MD5OfMessageBody \"fafb00f5732ab283681e124bf8747ed1\" of message \"m-1\" does not match "
          "the MD5 of the body sent (" +
              md5_hex("This is another message") + ")");
}

TEST_CASE("sqs: received messages with a wrong MD5OfBody are rejected, not dropped", "[sqs][md5]") {
    std::vector<SqsMessage> messages{
        {"good", "r1", "This is a test message", "fafb00f5732ab283681e124bf8747ed1", {}},
        {"bad", "r2", "This is a tampered message", "fafb00f5732ab283681e124bf8747ed1", {}},
        {"also-good", "r3", "test message body 1", "0E024D309850C78CBA5EABBEFF7CAE71", {}},
    };
    const awsrest::SqsReceiveResult result = verify_received(messages);
    REQUIRE(result.messages.size() == 2);
    CHECK(result.messages[0].message_id == "good");
    CHECK(result.messages[1].message_id == "also-good");
    REQUIRE(result.rejected.size() == 1);
    CHECK(result.rejected[0].message.message_id == "bad");
    CHECK(result.rejected[0].message.receipt_handle == "r2");
    CHECK(result.rejected[0].error.kind == ErrorKind::Parse);
    CHECK(result.rejected[0].error.message.starts_with(
        "SQS.ReceiveMessage: MD5OfBody \"fafb00f5732ab283681e124bf8747ed1\" of message \"bad\" does not match"));
}

TEST_CASE("sqs: batch answers account for every entry sent", "[sqs][batch]") {
    const std::vector<awsrest::SqsSendEntry> entries{
        {"a", "test message body 1", {}}, {"b", "test message body 2", {}}, {"c", "third", {}}};
    awsrest::SqsSendBatchResult answer;
    answer.successful = {{"a", "ma", "0e024d309850c78cba5eabbeff7cae71", ""},
                         {"b", "mb", "0e024d309850c78cba5eabbeff7cae71", ""}};  // b's digest is a's
    auto checked = verify_sent_batch(answer, entries);
    REQUIRE(checked.ok());
    REQUIRE(checked->successful.size() == 1);
    CHECK(checked->successful[0].id == "a");
    REQUIRE(checked->failed.size() == 2);
    CHECK(checked->failed[0].id == "b");
    CHECK(checked->failed[0].code == "MD5OfMessageBodyMismatch");
    CHECK(checked->failed[0].message.find("of message \"mb\"") != std::string::npos);
    CHECK_FALSE(checked->failed[0].sender_fault);
    CHECK(checked->failed[1].id == "c");
    CHECK(checked->failed[1].code == "MissingFromResponse");
    CHECK_FALSE(checked->failed[1].sender_fault);
}

TEST_CASE("sqs: batch answers naming unknown or repeated entries are Parse errors", "[sqs][batch]") {
    const std::vector<awsrest::SqsDeleteEntry> entries{{"msg1", "h1"}, {"msg2", "h2"}};
    awsrest::SqsDeleteBatchResult unknown;
    unknown.successful = {"msg1", "msg9"};
    auto checked = verify_deleted_batch(unknown, entries);
    REQUIRE_FALSE(checked.ok());
    CHECK(checked.error().kind == ErrorKind::Parse);
    CHECK(checked.error().message == "SQS.DeleteMessageBatch: answer names entry \"msg9\", which was not sent");

    awsrest::SqsDeleteBatchResult twice;
    twice.successful = {"msg1"};
    twice.failed = {{"msg1", "InternalError", "", false}};
    auto repeated = verify_deleted_batch(twice, entries);
    REQUIRE_FALSE(repeated.ok());
    CHECK(repeated.error().message == "SQS.DeleteMessageBatch: answer names entry \"msg1\" twice");

    awsrest::SqsDeleteBatchResult partial;
    partial.successful = {"msg2"};
    auto completed = verify_deleted_batch(partial, entries);
    REQUIRE(completed.ok());
    CHECK(completed->successful == std::vector<std::string>{"msg2"});
    REQUIRE(completed->failed.size() == 1);
    CHECK(completed->failed[0].id == "msg1");
    CHECK(completed->failed[0].code == "MissingFromResponse");
}
