// SnsClient against the stack (fauxqs): a topic, an SQS subscription (a JSON-protocol
// queue, since SNS delivers only to fauxqs' queues), and a publish whose notification
// arrives in the queue in SNS's JSON envelope.
#include <awsrest/sns.hpp>
#include <awsrest/sqs.hpp>
#include <catch2/catch.hpp>
#include <string>

#include "local_stack.hpp"
#include "stack_helpers.hpp"

namespace {

using awsrest::ErrorKind;
using stack::LocalStack;

std::string string_member(const rapidjson::Value& object, const char* name) {
    INFO("member " << name);
    REQUIRE(object.IsObject());
    REQUIRE(object.HasMember(name));
    REQUIRE(object[name].IsString());
    return {object[name].GetString(), object[name].GetStringLength()};
}

struct SubscribedQueue {
    std::string url;
    std::string arn;
};

SubscribedQueue make_queue(awsrest::SqsClient& sqs) {
    SubscribedQueue queue;
    auto url = sqs.create_queue(stack::unique_name("sns-target"));
    REQUIRE(url);
    queue.url = *url;
    auto attributes = sqs.get_queue_attributes(queue.url, {"QueueArn"});
    REQUIRE(attributes);
    REQUIRE(attributes->count("QueueArn") == 1);
    queue.arn = attributes->at("QueueArn");
    return queue;
}

awsrest::SqsMessage receive_one(awsrest::SqsClient& sqs, const std::string& url) {
    awsrest::SqsReceiveOptions options;
    options.wait_time_seconds = 2;
    auto received = sqs.receive_message(url, options);
    INFO((received ? "" : received.error().describe()));
    REQUIRE(received);
    REQUIRE(received->messages.size() == 1);
    return received->messages[0];
}

}  // namespace

TEST_CASE("sns: CreateTopic is get-or-create", "[integration][sns]") {
    stack::FaultGuard faults;  // none left from an earlier test, none left behind
    auto& stack = LocalStack::get();
    stack.reset_counts();
    awsrest::SnsClient sns(stack.client(), stack::service_endpoint("sns"));
    const std::string name = stack::unique_name("topic");
    auto first = sns.create_topic(name);
    INFO((first ? "" : first.error().describe()));
    REQUIRE(first);
    CHECK(*first == "arn:aws:sns:" + stack.region() + ":" + stack.env("STACK_ACCOUNT_ID") + ":" + name);
    auto second = sns.create_topic(name);
    REQUIRE(second);
    CHECK(*second == *first);
    CHECK(stack.requests("sns", "CreateTopic") == 2);
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("sns: a publish with subject and attributes reaches a subscribed SQS queue", "[integration][sns]") {
    stack::FaultGuard faults;  // none left from an earlier test, none left behind
    auto& stack = LocalStack::get();
    stack.reset_counts();
    awsrest::SnsClient sns(stack.client(), stack::service_endpoint("sns"));
    awsrest::SqsClient sqs(stack.client(), stack::service_endpoint("sqs"), awsrest::SqsProtocol::Json);

    auto topic = sns.create_topic(stack::unique_name("alerts"));
    REQUIRE(topic);
    const auto queue = make_queue(sqs);
    CHECK(queue.arn.rfind("arn:aws:sqs:" + stack.region() + ":", 0) == 0);

    awsrest::SnsSubscribeRequest subscribe;
    subscribe.topic_arn = *topic;
    subscribe.endpoint = queue.arn;
    auto subscription = sns.subscribe(subscribe);
    INFO((subscription ? "" : subscription.error().describe()));
    REQUIRE(subscription);
    CHECK(subscription->rfind(*topic + ":", 0) == 0);  // arn:aws:sns:...:topic:<id>

    awsrest::SnsPublishRequest publish;
    publish.topic_arn = *topic;
    publish.subject = "Host down: web-1";
    publish.message = "web-1 missed 3 heartbeats <since 12:00> & \"counting\" \xe2\x82\xac";
    publish.message_attributes = {{"host", "web-1"}, {"severity", "critical"}};
    auto published = sns.publish(publish);
    INFO((published ? "" : published.error().describe()));
    REQUIRE(published);
    CHECK_FALSE(published->message_id.empty());

    const auto message = receive_one(sqs, queue.url);
    auto envelope = stack::parse_json(message.body);
    CHECK(string_member(envelope, "Type") == "Notification");
    CHECK(string_member(envelope, "MessageId") == published->message_id);
    CHECK(string_member(envelope, "TopicArn") == *topic);
    CHECK(string_member(envelope, "Subject") == publish.subject);
    CHECK(string_member(envelope, "Message") == publish.message);
    REQUIRE(envelope.HasMember("MessageAttributes"));
    const auto& attributes = envelope["MessageAttributes"];
    REQUIRE(attributes.HasMember("host"));
    CHECK(string_member(attributes["host"], "Type") == "String");
    CHECK(string_member(attributes["host"], "Value") == "web-1");
    REQUIRE(attributes.HasMember("severity"));
    CHECK(string_member(attributes["severity"], "Value") == "critical");

    CHECK(stack.requests("sns", "Subscribe") == 1);
    CHECK(stack.requests("sns", "Publish") == 1);
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("sns: RawMessageDelivery hands the queue the bare message", "[integration][sns]") {
    stack::FaultGuard faults;  // none left from an earlier test, none left behind
    auto& stack = LocalStack::get();
    stack.reset_counts();
    awsrest::SnsClient sns(stack.client(), stack::service_endpoint("sns"));
    awsrest::SqsClient sqs(stack.client(), stack::service_endpoint("sqs"), awsrest::SqsProtocol::Json);
    auto topic = sns.create_topic(stack::unique_name("raw"));
    REQUIRE(topic);
    const auto queue = make_queue(sqs);

    awsrest::SnsSubscribeRequest subscribe;
    subscribe.topic_arn = *topic;
    subscribe.endpoint = queue.arn;
    subscribe.raw_message_delivery = true;
    REQUIRE(sns.subscribe(subscribe));

    awsrest::SnsPublishRequest publish;
    publish.topic_arn = *topic;
    publish.message = "{\"raw\":true}";
    REQUIRE(sns.publish(publish));
    CHECK(receive_one(sqs, queue.url).body == "{\"raw\":true}");
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("sns: publishing to a topic that does not exist is a NotFound service error", "[integration][sns]") {
    stack::FaultGuard faults;  // none left from an earlier test, none left behind
    auto& stack = LocalStack::get();
    stack.reset_counts();
    awsrest::SnsClient sns(stack.client(), stack::service_endpoint("sns"));
    awsrest::SnsPublishRequest publish;
    publish.topic_arn = "arn:aws:sns:" + stack.region() + ":" + stack.env("STACK_ACCOUNT_ID") + ":" +
                        stack::unique_name("never-created");
    publish.message = "hello";
    auto published = sns.publish(publish);
    REQUIRE_FALSE(published);
    CHECK(published.error().kind == ErrorKind::Service);
    CHECK(published.error().code == "NotFound");
    CHECK(published.error().message.find("SNS.Publish") != std::string::npos);
    CHECK(stack.requests("sns", "Publish") == 1);
    REQUIRE_NOTHING_REJECTED();
}
