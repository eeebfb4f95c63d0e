// SNS Query protocol bodies, byte for byte, and the checks made before sending.
#include <catch2/catch.hpp>

#include <string>

#include "sns/sns_request.hpp"

using awsrest::ErrorKind;

TEST_CASE("sns: Publish body with subject and String message attributes", "[sns][request]") {
    awsrest::SnsPublishRequest publish;
    publish.topic_arn = "arn:aws:sns:us-east-1:123456789012:my-topic";
    publish.subject = "Config changed";
    publish.message = "Hello world!";
    publish.message_attributes = {{"host", "web 1"}, {"event", "put"}};
    auto body = awsrest::sns::publish_body(publish);
    REQUIRE(body.ok());
    CHECK(*body ==
          "Action=Publish"
          "&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A123456789012%3Amy-topic"
          "&Subject=Config%20changed"
          "&Message=Hello%20world%21"
          "&MessageAttributes.entry.1.Name=event"
          "&MessageAttributes.entry.1.Value.DataType=String"
          "&MessageAttributes.entry.1.Value.StringValue=put"
          "&MessageAttributes.entry.2.Name=host"
          "&MessageAttributes.entry.2.Value.DataType=String"
          "&MessageAttributes.entry.2.Value.StringValue=web%201"
          "&Version=2010-03-31");
}

TEST_CASE("sns: Publish body without subject or attributes", "[sns][request]") {
    awsrest::SnsPublishRequest publish;
    publish.topic_arn = "arn:aws:sns:us-east-1:123456789012:t";
    publish.message = "m";
    auto body = awsrest::sns::publish_body(publish);
    REQUIRE(body.ok());
    CHECK(*body ==
          "Action=Publish&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A123456789012%3At&Message=m"
          "&Version=2010-03-31");
}

TEST_CASE("sns: CreateTopic and Subscribe bodies", "[sns][request]") {
    auto create = awsrest::sns::create_topic_body("niam-alerts");
    REQUIRE(create.ok());
    CHECK(*create == "Action=CreateTopic&Name=niam-alerts&Version=2010-03-31");

    awsrest::SnsSubscribeRequest subscribe;
    subscribe.topic_arn = "arn:aws:sns:us-east-1:123456789012:niam-alerts";
    subscribe.endpoint = "arn:aws:sqs:us-east-1:123456789012:niam-queue";
    auto plain = awsrest::sns::subscribe_body(subscribe);
    REQUIRE(plain.ok());
    CHECK(*plain ==
          "Action=Subscribe&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A123456789012%3Aniam-alerts&Protocol=sqs"
          "&Endpoint=arn%3Aaws%3Asqs%3Aus-east-1%3A123456789012%3Aniam-queue&ReturnSubscriptionArn=true"
          "&Version=2010-03-31");

    subscribe.raw_message_delivery = true;
    auto raw = awsrest::sns::subscribe_body(subscribe);
    REQUIRE(raw.ok());
    CHECK(*raw ==
          "Action=Subscribe&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A123456789012%3Aniam-alerts&Protocol=sqs"
          "&Endpoint=arn%3Aaws%3Asqs%3Aus-east-1%3A123456789012%3Aniam-queue&ReturnSubscriptionArn=true"
          "&Attributes.entry.1.key=RawMessageDelivery&Attributes.entry.1.value=true&Version=2010-03-31");
}

TEST_CASE("sns: impossible requests are InvalidArgument naming the call and field", "[sns][request]") {
    awsrest::SnsPublishRequest good;
    good.topic_arn = "arn:aws:sns:us-east-1:123456789012:t";
    good.message = "m";
    struct Row {
        const char* name;
        awsrest::SnsPublishRequest request;
        std::string message;
    };
    std::vector<Row> rows;
    rows.push_back({"no topic", good, "SNS.Publish: topic_arn is empty"});
    rows.back().request.topic_arn.clear();
    rows.push_back({"no message", good, "SNS.Publish: the message is empty"});
    rows.back().request.message.clear();
    rows.push_back(
        {"subject with a line break", good, "SNS.Publish: the subject must be one line of at most 100 bytes"});
    rows.back().request.subject = "a\nb";
    rows.push_back({"subject too long", good, "SNS.Publish: the subject must be one line of at most 100 bytes"});
    rows.back().request.subject = std::string(101, 's');
    rows.push_back({"empty attribute value", good, "SNS.Publish: message attribute 'k' has an empty value"});
    rows.back().request.message_attributes = {{"k", ""}};
    rows.push_back({"empty attribute name", good, "SNS.Publish: a message attribute has an empty name"});
    rows.back().request.message_attributes = {{"", "v"}};
    rows.push_back({"eleven attributes", good, "SNS.Publish: 11 message attributes; at most 10"});
    for (int i = 0; i < 11; ++i) rows.back().request.message_attributes["a" + std::to_string(i)] = "v";
    rows.push_back(
        {"too large", good, "SNS.Publish: the message and its attributes take 262148 bytes; at most 262144"});
    rows.back().request.message = std::string(262144 - 8, 'm');
    rows.back().request.message_attributes = {{"ab", "cdef"}};  // 2 + 4 + "String"

    for (const auto& row : rows) {
        INFO(row.name);
        auto body = awsrest::sns::publish_body(row.request);
        REQUIRE_FALSE(body.ok());
        CHECK(body.error().kind == ErrorKind::InvalidArgument);
        CHECK(body.error().message == row.message);
    }

    auto at_limit = good;
    at_limit.message = std::string(262144, 'm');
    CHECK(awsrest::sns::publish_body(at_limit).ok());

    CHECK(awsrest::sns::create_topic_body("").error().kind == ErrorKind::InvalidArgument);
    awsrest::SnsSubscribeRequest subscribe;
    subscribe.topic_arn = "arn:aws:sns:us-east-1:123456789012:t";
    CHECK(awsrest::sns::subscribe_body(subscribe).error().message == "SNS.Subscribe: the endpoint is empty");
}
