// SnsClient through AwsClient and a scripted transport: the exact POSTs and the answers.
#include <catch2/catch.hpp>

#include <string>

#include "awsrest/aws_client.hpp"
#include "awsrest/sns.hpp"
#include "s3/s3_test_data.hpp"
#include "support/scripted_http.hpp"
#include "support/static_credentials.hpp"

using awsrest::ErrorKind;
using service_test::data_file;

namespace {

struct SnsFixture {
    std::string header(const char* name) const {
        return std::string(awsrest::find_header(http.sent.at(0).request.headers, name).value_or("<none>"));
    }

    test_support::ScriptedHttp http;
    test_support::StaticCredentials credentials;
    test_support::ManualClock clock;  // 2015-08-30T12:36:00Z
    awsrest::SeededRandom random{7};
    awsrest::AwsClient client{http, credentials, clock, &random};
    awsrest::SnsClient sns{client,
                           {awsrest::Endpoint{"https", "sns.us-east-1.amazonaws.com", 0, ""}, "us-east-1", "sns"}};
};

}  // namespace

TEST_CASE("sns: publish POSTs a signed form to / and returns the message id", "[sns][client]") {
    SnsFixture f;
    f.http.respond(200, data_file("sns", "publish.xml"), {{"Content-Type", "text/xml"}});
    awsrest::SnsPublishRequest publish;
    publish.topic_arn = "arn:aws:sns:us-east-1:123456789012:my-topic";
    publish.message = "config changed";
    publish.message_attributes = {{"event", "put"}};
    auto published = f.sns.publish(publish);
    REQUIRE(published.ok());
    CHECK(published->message_id == "567910cd-659e-55d4-8ccb-5aaf14679dc0");

    REQUIRE(f.http.sent.size() == 1);
    const auto& request = f.http.sent[0].request;
    CHECK(f.http.sent[0].endpoint.host == "sns.us-east-1.amazonaws.com");
    CHECK(request.method == "POST");
    CHECK(request.path == "/");
    CHECK(request.query.empty());
    CHECK(f.header("Content-Type") == "application/x-www-form-urlencoded; charset=utf-8");
    CHECK(f.header("Host") == "sns.us-east-1.amazonaws.com");
    CHECK_THAT(f.header("Authorization"),
               Catch::StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/sns/aws4_request"));
    CHECK(request.body ==
          "Action=Publish&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A123456789012%3Amy-topic&Message=config%20changed"
          "&MessageAttributes.entry.1.Name=event&MessageAttributes.entry.1.Value.DataType=String"
          "&MessageAttributes.entry.1.Value.StringValue=put&Version=2010-03-31");
}

TEST_CASE("sns: create_topic and subscribe return the ARNs", "[sns][client]") {
    SnsFixture f;
    f.http.respond(200, data_file("sns", "create_topic.xml")).respond(200, data_file("sns", "subscribe.xml"));
    auto topic = f.sns.create_topic("My-Topic");
    REQUIRE(topic.ok());
    CHECK(*topic == "arn:aws:sns:us-east-2:123456789012:My-Topic");
    CHECK(f.http.sent[0].request.body == "Action=CreateTopic&Name=My-Topic&Version=2010-03-31");

    awsrest::SnsSubscribeRequest subscribe;
    subscribe.topic_arn = *topic;
    subscribe.endpoint = "arn:aws:sqs:us-east-2:123456789012:my-queue";
    subscribe.raw_message_delivery = false;
    auto subscription = f.sns.subscribe(subscribe);
    REQUIRE(subscription.ok());
    CHECK(*subscription == "arn:aws:sns:us-west-2:123456789012:MyTopic:6b0e71bd-7e97-4d97-80ce-4a0994e55286");
    CHECK_THAT(f.http.sent[1].request.body,
               Catch::Contains("&Attributes.entry.1.key=RawMessageDelivery&Attributes.entry.1.value=false&"));
}

TEST_CASE("sns: an AWS error answer is a Service error with its code", "[sns][client]") {
    SnsFixture f;
    f.http.respond(404, data_file("sns", "error_not_found.xml"));
    awsrest::SnsPublishRequest publish;
    publish.topic_arn = "arn:aws:sns:us-east-1:123456789012:gone";
    publish.message = "m";
    auto published = f.sns.publish(publish);
    REQUIRE_FALSE(published.ok());
    CHECK(published.error().kind == ErrorKind::Service);
    CHECK(published.error().code == "NotFound");
    CHECK(published.error().http_status == 404);
    CHECK(published.error().request_id == "9dd01905-5012-5f99-8663-4b3ecd0dfaef");
    CHECK_THAT(published.error().message, Catch::Contains("Topic does not exist"));
}

TEST_CASE("sns: a malformed 200 answer is a Parse error, a bad request is not sent", "[sns][client]") {
    SnsFixture f;
    f.http.respond(200, "<html>oops</html>");
    auto topic = f.sns.create_topic("t");
    REQUIRE_FALSE(topic.ok());
    CHECK(topic.error().kind == ErrorKind::Parse);
    CHECK(topic.error().message == "SNS.CreateTopic: expected <CreateTopicResponse>, got <html>");

    awsrest::SnsPublishRequest empty;
    CHECK(f.sns.publish(empty).error().kind == ErrorKind::InvalidArgument);
    CHECK(f.http.sent.size() == 1);
}
