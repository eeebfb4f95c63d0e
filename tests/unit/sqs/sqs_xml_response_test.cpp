// The Query (XML) answer parsers on the AWS API Reference examples and on malformed bodies.
#include <catch2/catch.hpp>

#include <string>

#include "sqs/response_common.hpp"
#include "sqs/sqs_xml_response.hpp"
#include "sqs_test_data.hpp"

using awsrest::ErrorKind;
using sqs_test::data_file;
using namespace awsrest::sqs;

TEST_CASE("sqs: XML CreateQueue and GetQueueUrl answers give the queue URL", "[sqs][xml]") {
    auto created = parse_xml_queue_url(data_file("query/create_queue.xml"), "CreateQueue");
    REQUIRE(created.ok());
    CHECK(*created == "https://sqs.us-east-1.amazonaws.com/123456789012/MyQueue");
    auto found = parse_xml_queue_url(data_file("query/get_queue_url.xml"), "GetQueueUrl");
    REQUIRE(found.ok());
    CHECK(*found == "https://sqs.us-east-1.amazonaws.com/123456789012/MyQueue");
}

TEST_CASE("sqs: XML SendMessage answer gives message id and body MD5", "[sqs][xml]") {
    auto sent = parse_xml_send_message(data_file("query/send_message.xml"));
    REQUIRE(sent.ok());
    CHECK(sent->message_id == "5fea7756-0ea4-451a-a703-a558b933e274");
    CHECK(sent->md5_of_body == "fafb00f5732ab283681e124bf8747ed1");
}

TEST_CASE("sqs: XML SendMessageBatch answer lists every successful entry", "[sqs][xml]") {
    auto batch = parse_xml_send_message_batch(data_file("query/send_message_batch.xml"));
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

TEST_CASE("sqs: XML SendMessageBatch partial failure keeps id, code, message and sender fault", "[sqs][xml]") {
    auto batch = parse_xml_send_message_batch(data_file("query/send_message_batch_partial_failure.xml"));
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

TEST_CASE("sqs: XML ReceiveMessage answer gives messages with their system attributes", "[sqs][xml]") {
    auto messages = parse_xml_receive_message(data_file("query/receive_message.xml"));
    REQUIRE(messages.ok());
    REQUIRE(messages->size() == 1);
    const awsrest::SqsMessage& message = messages->front();
    CHECK(message.message_id == "5fea7756-0ea4-451a-a703-a558b933e274");
    CHECK(message.receipt_handle ==
          "MbZj6wDWli+JvwwJaBV+3dcjk2YW2vA3+STFFljTM8tJJg6HRG6PYSasuWXPJB+CwLj1FjgXUv1uSj1gUPAWV66FU/"
          "WeR4mq2OKpEGYWbnLmpRCJ"
          "VAyeMjeU5ZBdtcQ+QEauMZc8ZRv37sIW2iJKq3M9MFx1YvV11A2x/KSbkJ0=");
    CHECK(message.md5_of_body == "fafb00f5732ab283681e124bf8747ed1");
    CHECK(message.body == "This is a test message");
    const awsrest::SqsAttributes expected{{"SenderId", "195004372649"},
                                          {"SentTimestamp", "1238099229000"},
                                          {"ApproximateReceiveCount", "5"},
                                          {"ApproximateFirstReceiveTimestamp", "1250700979248"}};
    CHECK(message.attributes == expected);
}

TEST_CASE("sqs: XML ReceiveMessage answer with a namespace and no Message is an empty receive", "[sqs][xml]") {
    auto messages = parse_xml_receive_message(data_file("query/receive_message_empty.xml"));
    REQUIRE(messages.ok());
    CHECK(messages->empty());
}

TEST_CASE("sqs: XML bodies arrive byte for byte: whitespace, carriage returns, escapes, CDATA", "[sqs][xml]") {
    const auto answer = [](const std::string& body_xml) {
        return "<ReceiveMessageResponse><ReceiveMessageResult><Message><MessageId>m1</MessageId>"
               "<ReceiptHandle>r1</ReceiptHandle><MD5OfBody>x</MD5OfBody><Body>" +
               body_xml + "</Body></Message></ReceiveMessageResult></ReceiveMessageResponse>";
    };
    struct Row {
        const char* name;
        std::string xml;
        std::string expected;
    };
    const Row rows[] = {
        {"spaces only", "   ", "   "},
        {"surrounding whitespace kept", "\n  a b  \n", "\n  a b  \n"},
        {"raw CR LF kept", "line1\r\nline2", "line1\r\nline2"},
        {"character references", "&lt;tag&gt; &amp; &quot;q&quot; &apos;a&apos; &#xD;&#x9;&#233;",
         "<tag> & \"q\" 'a' \r\t\xC3\xA9"},
        {"CDATA joins text", "a<![CDATA[<b>&]]>c", "a<b>&c"},
        {"UTF-8 passes", "\xF0\x9F\x98\x80 \xEE\x80\x80", "\xF0\x9F\x98\x80 \xEE\x80\x80"},
        {"empty element", "", ""},
    };
    for (const Row& row : rows) {
        INFO(row.name);
        auto messages = parse_xml_receive_message(answer(row.xml));
        REQUIRE(messages.ok());
        REQUIRE(messages->size() == 1);
        CHECK(messages->front().body == row.expected);
    }
}

TEST_CASE("sqs: XML elements with a namespace prefix are read by local name", "[sqs][xml]") {
    const std::string body =
        "<sqs:SendMessageResponse xmlns:sqs=\"http://queue.amazonaws.com/doc/2012-11-05/\">"
        "<sqs:SendMessageResult><sqs:MessageId>m-1</sqs:MessageId>"
        "<sqs:MD5OfMessageBody>fafb00f5732ab283681e124bf8747ed1</sqs:MD5OfMessageBody>"
        "</sqs:SendMessageResult></sqs:SendMessageResponse>";
    auto sent = parse_xml_send_message(body);
    REQUIRE(sent.ok());
    CHECK(sent->message_id == "m-1");
}

TEST_CASE("sqs: XML DeleteMessageBatch answers, complete and partial", "[sqs][xml]") {
    auto all = parse_xml_delete_message_batch(data_file("query/delete_message_batch.xml"));
    REQUIRE(all.ok());
    CHECK(all->successful == std::vector<std::string>{"msg1", "msg2"});
    CHECK(all->failed.empty());

    auto partial = parse_xml_delete_message_batch(data_file("query/delete_message_batch_partial_failure.xml"));
    REQUIRE(partial.ok());
    CHECK(partial->successful == std::vector<std::string>{"msg1"});
    REQUIRE(partial->failed.size() == 1);
    CHECK(partial->failed[0].id == "msg2");
    CHECK(partial->failed[0].code == "ReceiptHandleIsInvalid");
    CHECK(partial->failed[0].message == "The input receipt handle \"not-a-handle\" is not a valid receipt handle.");
    CHECK(partial->failed[0].sender_fault);
}

TEST_CASE("sqs: XML GetQueueAttributes answer gives the attribute map", "[sqs][xml]") {
    auto attributes = parse_xml_queue_attributes(data_file("query/get_queue_attributes.xml"));
    REQUIRE(attributes.ok());
    const awsrest::SqsAttributes expected{{"ReceiveMessageWaitTimeSeconds", "2"},
                                          {"VisibilityTimeout", "30"},
                                          {"ApproximateNumberOfMessages", "0"},
                                          {"ApproximateNumberOfMessagesNotVisible", "0"},
                                          {"CreatedTimestamp", "1286771522"},
                                          {"LastModifiedTimestamp", "1286771522"},
                                          {"QueueArn", "arn:aws:sqs:us-east-1:123456789012:qfoo"},
                                          {"MaximumMessageSize", "8192"},
                                          {"MessageRetentionPeriod", "345600"}};
    CHECK(*attributes == expected);
}

TEST_CASE("sqs: XML calls without a result accept the documented answer or an empty body", "[sqs][xml]") {
    CHECK(parse_xml_empty(data_file("query/delete_message.xml"), "DeleteMessage").ok());
    CHECK(parse_xml_empty(data_file("query/change_message_visibility.xml"), "ChangeMessageVisibility").ok());
    CHECK(parse_xml_empty("", "DeleteMessage").ok());
    auto wrong = parse_xml_empty(data_file("query/delete_message.xml"), "ChangeMessageVisibility");
    REQUIRE_FALSE(wrong.ok());
    CHECK(wrong.error().message ==
          "SQS.ChangeMessageVisibility: response is <DeleteMessageResponse>, not <ChangeMessageVisibilityResponse>");
}

TEST_CASE("sqs: malformed XML answers are Parse errors naming the call", "[sqs][xml]") {
    struct Row {
        const char* name;
        std::string body;
        std::string expected;  // start of the message
    };
    const std::string open = "<ReceiveMessageResponse><ReceiveMessageResult>";
    const std::string close = "</ReceiveMessageResult></ReceiveMessageResponse>";
    const Row rows[] = {
        {"not XML", "{\"Messages\":[]}",
         "SQS.ReceiveMessage: response is not valid XML at offset 15 (No document element found)"},
        {"truncated", "<ReceiveMessageResponse><ReceiveMessageResult>",
         "SQS.ReceiveMessage: response is not valid XML at offset"},
        {"mismatched tags", "<ReceiveMessageResponse></ReceiveMessageResult>",
         "SQS.ReceiveMessage: response is not valid XML at offset"},
        {"empty", "", "SQS.ReceiveMessage: response is not valid XML at offset 0 (No document element found)"},
        {"wrong root", "<ErrorResponse/>",
         "SQS.ReceiveMessage: response is <ErrorResponse>, not <ReceiveMessageResponse>"},
        {"no result", "<ReceiveMessageResponse/>", "SQS.ReceiveMessage: response has no <ReceiveMessageResult>"},
        {"message without body",
         open + "<Message><MessageId>m</MessageId><ReceiptHandle>r</ReceiptHandle><MD5OfBody>x</MD5OfBody></Message>" +
             close,
         "SQS.ReceiveMessage: <Message> 1 has no <Body>"},
        {"message without id", open + "<Message><Body>b</Body></Message>" + close,
         "SQS.ReceiveMessage: <Message> 1 has no <MessageId>"},
        {"attribute without value",
         open +
             "<Message><MessageId>m</MessageId><ReceiptHandle>r</ReceiptHandle><MD5OfBody>x</MD5OfBody><Body>b</Body>"
             "<Attribute><Name>SentTimestamp</Name></Attribute></Message>" +
             close,
         "SQS.ReceiveMessage: <Message> 1 <Attribute> SentTimestamp has no <Value>"},
    };
    for (const Row& row : rows) {
        INFO(row.name);
        auto parsed = parse_xml_receive_message(row.body);
        REQUIRE_FALSE(parsed.ok());
        CHECK(parsed.error().kind == ErrorKind::Parse);
        CHECK(parsed.error().message.starts_with(row.expected));
    }
}

TEST_CASE("sqs: malformed XML answers of the other calls name their call", "[sqs][xml]") {
    auto url = parse_xml_queue_url("<GetQueueUrlResponse><GetQueueUrlResult/></GetQueueUrlResponse>", "GetQueueUrl");
    REQUIRE_FALSE(url.ok());
    CHECK(url.error().message == "SQS.GetQueueUrl: <GetQueueUrlResult> has no <QueueUrl>");

    auto sent = parse_xml_send_message(
        "<SendMessageResponse><SendMessageResult><MessageId>m</MessageId>"
        "</SendMessageResult></SendMessageResponse>");
    REQUIRE_FALSE(sent.ok());
    CHECK(sent.error().message == "SQS.SendMessage: <SendMessageResult> has no <MD5OfMessageBody>");

    auto batch = parse_xml_send_message_batch(
        "<SendMessageBatchResponse><SendMessageBatchResult><BatchResultErrorEntry><Id>a</Id><Code>X</Code>"
        "<SenderFault>perhaps</SenderFault></BatchResultErrorEntry></SendMessageBatchResult></"
        "SendMessageBatchResponse>");
    REQUIRE_FALSE(batch.ok());
    CHECK(batch.error().message ==
          "SQS.SendMessageBatch: <BatchResultErrorEntry> 1 <SenderFault> is not true or false");

    auto attributes = parse_xml_queue_attributes("<GetQueueAttributesResponse>");
    REQUIRE_FALSE(attributes.ok());
    CHECK(attributes.error().message.starts_with("SQS.GetQueueAttributes: response is not valid XML at offset"));
}

TEST_CASE("sqs: XML answers beyond the named bounds are refused", "[sqs][xml]") {
    std::string eleven = "<ReceiveMessageResponse><ReceiveMessageResult>";
    for (int i = 0; i < 11; ++i) {
        eleven +=
            "<Message><MessageId>m</MessageId><ReceiptHandle>r</ReceiptHandle><MD5OfBody>x</MD5OfBody>"
            "<Body>b</Body></Message>";
    }
    eleven += "</ReceiveMessageResult></ReceiveMessageResponse>";
    auto messages = parse_xml_receive_message(eleven);
    REQUIRE_FALSE(messages.ok());
    CHECK(messages.error().message ==
          "SQS.ReceiveMessage: response has 11 <Message> elements, more than the 10 SQS sends");

    const std::string huge(kMaxResponseBytes + 1, ' ');
    auto too_big = parse_xml_send_message(huge);
    REQUIRE_FALSE(too_big.ok());
    CHECK(too_big.error().message ==
          "SQS.SendMessage: response is 16777217 bytes, more than the 16777216 bytes parsed");
}

TEST_CASE("sqs: XML entity declarations are not expanded", "[sqs][xml]") {
    const std::string body =
        "<!DOCTYPE r [<!ENTITY x \"expanded\">]><GetQueueUrlResponse><GetQueueUrlResult>"
        "<QueueUrl>&x;</QueueUrl></GetQueueUrlResult></GetQueueUrlResponse>";
    auto url = parse_xml_queue_url(body, "GetQueueUrl");
    REQUIRE(url.ok());
    CHECK(*url == "&x;");
}
