// SNS answers shaped like the Amazon SNS API Reference examples, and malformed ones.
#include <catch2/catch.hpp>

#include <string>

#include "s3/s3_test_data.hpp"
#include "sns/sns_response.hpp"

using awsrest::ErrorKind;
using service_test::data_file;

TEST_CASE("sns: Publish example answer gives the message id", "[sns][response]") {
    auto published = awsrest::sns::parse_publish_response(data_file("sns", "publish.xml"));
    REQUIRE(published.ok());
    CHECK(published->message_id == "567910cd-659e-55d4-8ccb-5aaf14679dc0");
    CHECK(published->sequence_number.empty());

    auto fifo = awsrest::sns::parse_publish_response(data_file("sns", "publish_fifo.xml"));
    REQUIRE(fifo.ok());
    CHECK(fifo->message_id == "f7c4b9d2-2b8e-5c1a-9a55-2d1d9b1c7e10");
    CHECK(fifo->sequence_number == "10000000000000003000");
}

TEST_CASE("sns: CreateTopic and Subscribe example answers give the ARNs", "[sns][response]") {
    auto topic = awsrest::sns::parse_create_topic_response(data_file("sns", "create_topic.xml"));
    REQUIRE(topic.ok());
    CHECK(*topic == "arn:aws:sns:us-east-2:123456789012:My-Topic");
    auto subscription = awsrest::sns::parse_subscribe_response(data_file("sns", "subscribe.xml"));
    REQUIRE(subscription.ok());
    CHECK(*subscription == "arn:aws:sns:us-west-2:123456789012:MyTopic:6b0e71bd-7e97-4d97-80ce-4a0994e55286");
}

TEST_CASE("sns: malformed answers are Parse errors naming the call", "[sns][response]") {
    struct Row {
        const char* name;
        std::string body;
        std::string message;
    };
    const std::string long_id(2049, 'x');
    const Row rows[] = {
        {"not XML", "MessageId=1", "SNS.Publish: response is not valid XML: "},
        {"cut short", "<PublishResponse><PublishResult><MessageId>1", "SNS.Publish: response is not valid XML: "},
        {"other answer", data_file("sns", "create_topic.xml"),
         "SNS.Publish: expected <PublishResponse>, got <CreateTopicResponse>"},
        {"no result", "<PublishResponse/>", "SNS.Publish: the answer has no <PublishResult>"},
        {"no message id", "<PublishResponse><PublishResult/></PublishResponse>",
         "SNS.Publish: the answer has no <MessageId>"},
        {"id too long",
         "<PublishResponse><PublishResult><MessageId>" + long_id + "</MessageId></PublishResult></PublishResponse>",
         "SNS.Publish: <MessageId> is longer than 2048 bytes"},
    };
    for (const auto& row : rows) {
        INFO(row.name);
        auto published = awsrest::sns::parse_publish_response(row.body);
        REQUIRE_FALSE(published.ok());
        CHECK(published.error().kind == ErrorKind::Parse);
        CHECK_THAT(published.error().message, Catch::StartsWith(row.message));
    }
    auto topic =
        awsrest::sns::parse_create_topic_response("<CreateTopicResponse><CreateTopicResult/></CreateTopicResponse>");
    REQUIRE_FALSE(topic.ok());
    CHECK(topic.error().message == "SNS.CreateTopic: the answer has no <TopicArn>");
    auto subscription = awsrest::sns::parse_subscribe_response("<SubscribeResponse>");
    REQUIRE_FALSE(subscription.ok());
    CHECK_THAT(subscription.error().message, Catch::StartsWith("SNS.Subscribe: response is not valid XML"));
}
