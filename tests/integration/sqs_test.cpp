// SqsClient against the stack, over both protocols: JSON (fauxqs) and Query
// (local-aws-sqs). The two backends do not share queues, so each section makes its own.
// Every request goes through the SigV4 verifier, which must refuse none of them.
#include <algorithm>
#include <awsrest/sqs.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "local_stack.hpp"
#include "stack_helpers.hpp"

namespace {

using awsrest::ErrorKind;
using awsrest::SqsClient;
using awsrest::SqsProtocol;
using stack::LocalStack;

// A body with XML and JSON specials and multi-byte UTF-8; its MD5 computed with md5sum.
// (Only BMP characters: SQS accepts #x10000-#x10FFFF too, but fauxqs 1.9.2 refuses them.)
const std::string kSpecialBody =
    "heartbeat <niam> & \"quotes\" \xc3\xbcml\xc3\xa4ut \xe2\x82\xac \xe6\x97\xa5\xe6\x9c\xac";
const std::string kSpecialBodyMd5 = "1e903d5f3e38575c34eb745a07969104";

const char* protocol_name(SqsProtocol protocol) { return protocol == SqsProtocol::Json ? "json" : "query"; }

SqsClient sqs_client(SqsProtocol protocol) {
    return SqsClient(LocalStack::get().client(), stack::service_endpoint("sqs"), protocol);
}

// A fresh queue over the client's protocol.
std::string make_queue(SqsClient& sqs, const awsrest::SqsAttributes& attributes = {}) {
    const std::string name = stack::unique_name(std::string("sqs-") + protocol_name(sqs.protocol()));
    auto url = sqs.create_queue(name, attributes);
    INFO(name << ": " << (url ? "" : url.error().describe()));
    REQUIRE(url);
    return *url;
}

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// Receives until `wanted` distinct bodies have arrived (or 10 receives), so a backend
// that hands out fewer than MaxNumberOfMessages per call is still covered.
std::vector<awsrest::SqsMessage> receive_all(SqsClient& sqs, const std::string& url, std::size_t wanted) {
    std::vector<awsrest::SqsMessage> all;
    for (int i = 0; i < 10 && all.size() < wanted; ++i) {
        awsrest::SqsReceiveOptions options;
        // No more than still wanted: local-aws-sqs holds a long poll until it has that many.
        options.max_messages = static_cast<int>(std::min<std::size_t>(10, wanted - all.size()));
        options.wait_time_seconds = 1;
        options.visibility_timeout = 30;
        auto received = sqs.receive_message(url, options);
        INFO((received ? "" : received.error().describe()));
        REQUIRE(received);
        REQUIRE(received->rejected.empty());
        for (auto& message : received->messages) all.push_back(std::move(message));
    }
    return all;
}

}  // namespace

TEST_CASE("sqs: CreateQueue is get-or-create and GetQueueUrl finds the queue", "[integration][sqs]") {
    stack::FaultGuard faults;  // none left from an earlier test, none left behind
    const auto protocol = GENERATE(SqsProtocol::Json, SqsProtocol::Query);
    INFO("protocol " << protocol_name(protocol));
    auto& stack = LocalStack::get();
    stack.reset_counts();
    auto sqs = sqs_client(protocol);

    const std::string name = stack::unique_name("sqs-create");
    auto first = sqs.create_queue(name);
    REQUIRE(first);
    auto second = sqs.create_queue(name);
    REQUIRE(second);
    CHECK(*second == *first);
    // The queue URL names the stack's account and the queue, on the origin the client used.
    CHECK(*first == stack.env("AWS_ENDPOINT_URL_SQS") + "/" + stack.env("STACK_ACCOUNT_ID") + "/" + name);

    auto found = sqs.get_queue_url(name);
    REQUIRE(found);
    CHECK(*found == *first);

    // A queue that does not exist: the Query-protocol code in both protocols (JSON sends it
    // in x-amzn-query-error), not retried.
    auto missing = sqs.get_queue_url(stack::unique_name("sqs-missing"));
    REQUIRE_FALSE(missing);
    CHECK(missing.error().kind == ErrorKind::Service);
    CHECK(missing.error().code == "AWS.SimpleQueueService.NonExistentQueue");
    CHECK(missing.error().http_status == 400);
    CHECK(missing.error().message.find("SQS.GetQueueUrl") != std::string::npos);

    CHECK(stack.requests("sqs", "CreateQueue") == 2);
    CHECK(stack.requests("sqs", "GetQueueUrl") == 2);
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("sqs: SendMessage and ReceiveMessage round trip with system attributes", "[integration][sqs]") {
    stack::FaultGuard faults;  // none left from an earlier test, none left behind
    const auto protocol = GENERATE(SqsProtocol::Json, SqsProtocol::Query);
    INFO("protocol " << protocol_name(protocol));
    auto& stack = LocalStack::get();
    auto sqs = sqs_client(protocol);
    const std::string url = make_queue(sqs);
    stack.reset_counts();

    const auto before_send = now_ms();
    auto sent = sqs.send_message(url, kSpecialBody);
    const auto after_send = now_ms();
    INFO((sent ? "" : sent.error().describe()));
    REQUIRE(sent);
    CHECK_FALSE(sent->message_id.empty());
    CHECK(sent->md5_of_body == kSpecialBodyMd5);
    CHECK(stack.requests("sqs", "SendMessage") == 1);

    awsrest::SqsReceiveOptions options;
    options.wait_time_seconds = 1;
    options.visibility_timeout = 0;  // visible again at once: the next receive counts 2
    options.attribute_names = {"SentTimestamp", "ApproximateReceiveCount"};
    auto first = sqs.receive_message(url, options);
    INFO((first ? "" : first.error().describe()));
    REQUIRE(first);
    CHECK(stack.requests("sqs", "ReceiveMessage") == 1);
    REQUIRE(first->rejected.empty());
    REQUIRE(first->messages.size() == 1);
    const auto& message = first->messages[0];
    CHECK(message.message_id == sent->message_id);
    CHECK(message.body == kSpecialBody);
    CHECK(message.md5_of_body == kSpecialBodyMd5);
    CHECK_FALSE(message.receipt_handle.empty());
    REQUIRE(message.attributes.count("SentTimestamp") == 1);
    const auto sent_timestamp = std::stoll(message.attributes.at("SentTimestamp"));  // epoch milliseconds
    CHECK(sent_timestamp >= before_send - 2000);
    CHECK(sent_timestamp <= after_send + 2000);
    REQUIRE(message.attributes.count("ApproximateReceiveCount") == 1);
    CHECK(message.attributes.at("ApproximateReceiveCount") == "1");

    auto second = sqs.receive_message(url, options);
    REQUIRE(second);
    REQUIRE(second->messages.size() == 1);
    CHECK(second->messages[0].message_id == sent->message_id);
    CHECK(second->messages[0].attributes.at("ApproximateReceiveCount") == "2");

    // The latest receipt handle deletes it: the queue is empty afterwards.
    REQUIRE(sqs.delete_message(url, second->messages[0].receipt_handle));
    awsrest::SqsReceiveOptions quick;
    quick.wait_time_seconds = 0;
    auto after_delete = sqs.receive_message(url, quick);
    REQUIRE(after_delete);
    CHECK(after_delete->messages.empty());

    CHECK(stack.requests("sqs", "ReceiveMessage") == 3);
    CHECK(stack.requests("sqs", "DeleteMessage") == 1);
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("sqs: ReceiveMessage long-polls an empty queue and returns nothing", "[integration][sqs]") {
    stack::FaultGuard faults;  // none left from an earlier test, none left behind
    const auto protocol = GENERATE(SqsProtocol::Json, SqsProtocol::Query);
    INFO("protocol " << protocol_name(protocol));
    auto& stack = LocalStack::get();
    auto sqs = sqs_client(protocol);
    const std::string url = make_queue(sqs);
    stack.reset_counts();

    awsrest::SqsReceiveOptions options;
    options.wait_time_seconds = 1;
    const auto start = std::chrono::steady_clock::now();
    auto received = sqs.receive_message(url, options);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    INFO((received ? "" : received.error().describe()));
    REQUIRE(received);
    CHECK(received->messages.empty());
    CHECK(received->rejected.empty());
    // The server held the request for the wait time (not an instant empty answer), and
    // answered once: no retry.
    CHECK(elapsed >= std::chrono::milliseconds(900));
    CHECK(elapsed < std::chrono::milliseconds(3000));
    CHECK(stack.requests("sqs", "ReceiveMessage") == 1);
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("sqs: SendMessageBatch of 10, MaxNumberOfMessages and DeleteMessageBatch", "[integration][sqs]") {
    stack::FaultGuard faults;  // none left from an earlier test, none left behind
    const auto protocol = GENERATE(SqsProtocol::Json, SqsProtocol::Query);
    INFO("protocol " << protocol_name(protocol));
    auto& stack = LocalStack::get();
    auto sqs = sqs_client(protocol);
    const std::string url = make_queue(sqs);
    stack.reset_counts();

    std::vector<awsrest::SqsSendEntry> entries;
    for (int i = 0; i < 10; ++i) {
        entries.push_back({"entry-" + std::to_string(i), "batch entry " + std::to_string(i), {}});
    }
    auto sent = sqs.send_message_batch(url, entries);
    INFO((sent ? "" : sent.error().describe()));
    REQUIRE(sent);
    CHECK(sent->failed.empty());
    REQUIRE(sent->successful.size() == 10);
    std::set<std::string> ids;
    std::set<std::string> message_ids;
    for (const auto& entry : sent->successful) {
        ids.insert(entry.id);
        message_ids.insert(entry.message_id);
        if (entry.id == "entry-7") CHECK(entry.md5_of_body == "296d0c9367500ebfdd2917a357248840");  // md5sum
    }
    CHECK(ids.size() == 10);
    CHECK(message_ids.size() == 10);
    CHECK(stack.requests("sqs", "SendMessageBatch") == 1);

    // MaxNumberOfMessages bounds one answer.
    awsrest::SqsReceiveOptions three;
    three.max_messages = 3;
    three.wait_time_seconds = 1;
    three.visibility_timeout = 30;
    auto some = sqs.receive_message(url, three);
    REQUIRE(some);
    CHECK(some->messages.size() >= 1);
    CHECK(some->messages.size() <= 3);

    auto rest = receive_all(sqs, url, 10 - some->messages.size());
    std::vector<awsrest::SqsMessage> all = some->messages;
    all.insert(all.end(), rest.begin(), rest.end());
    std::set<std::string> bodies;
    for (const auto& message : all) bodies.insert(message.body);
    CHECK(bodies.size() == 10);
    CHECK(bodies.count("batch entry 0") == 1);
    CHECK(bodies.count("batch entry 9") == 1);
    REQUIRE(all.size() == 10);

    std::vector<awsrest::SqsDeleteEntry> deletes;
    for (std::size_t i = 0; i < all.size(); ++i) deletes.push_back({"d" + std::to_string(i), all[i].receipt_handle});
    auto deleted = sqs.delete_message_batch(url, deletes);
    INFO((deleted ? "" : deleted.error().describe()));
    REQUIRE(deleted);
    CHECK(deleted->failed.empty());
    CHECK(deleted->successful.size() == 10);
    CHECK(stack.requests("sqs", "DeleteMessageBatch") == 1);

    auto attributes =
        sqs.get_queue_attributes(url, {"ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"});
    REQUIRE(attributes);
    CHECK(attributes->at("ApproximateNumberOfMessages") == "0");
    CHECK(attributes->at("ApproximateNumberOfMessagesNotVisible") == "0");
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("sqs: a batch with one invalid entry", "[integration][sqs]") {
    stack::FaultGuard faults;  // none left from an earlier test, none left behind
    const auto protocol = GENERATE(SqsProtocol::Json, SqsProtocol::Query);
    INFO("protocol " << protocol_name(protocol));
    auto& stack = LocalStack::get();
    auto sqs = sqs_client(protocol);

    SECTION("a body SQS does not allow is refused before sending, naming the entry") {
        const std::string url = make_queue(sqs);
        stack.reset_counts();
        // U+0001 is outside the characters SQS accepts in a message body.
        std::vector<awsrest::SqsSendEntry> entries = {
            {"good-1", "fine", {}}, {"bad-2", std::string("control \x01 char"), {}}, {"good-3", "fine too", {}}};
        auto sent = sqs.send_message_batch(url, entries);
        REQUIRE_FALSE(sent);
        CHECK(sent.error().kind == ErrorKind::InvalidArgument);
        CHECK(sent.error().message.find("bad-2") != std::string::npos);
        CHECK(sent.error().message.find("SendMessageBatch") != std::string::npos);
        CHECK(stack.requests("sqs", "SendMessageBatch") == 0);
    }

    SECTION("an entry over the queue's MaximumMessageSize is reported for that entry, the others are sent") {
        const std::string url = make_queue(sqs, {{"MaximumMessageSize", "1024"}});
        stack.reset_counts();
        std::vector<awsrest::SqsSendEntry> entries = {
            {"small-1", "small one", {}}, {"large-2", std::string(2000, 'x'), {}}, {"small-3", "small three", {}}};
        auto sent = sqs.send_message_batch(url, entries);
        INFO((sent ? "" : sent.error().describe()));
        REQUIRE(sent);
        REQUIRE(sent->successful.size() == 2);
        CHECK(sent->successful[0].id != "large-2");
        CHECK(sent->successful[1].id != "large-2");
        REQUIRE(sent->failed.size() == 1);
        CHECK(sent->failed[0].id == "large-2");
        CHECK(sent->failed[0].code == "InvalidParameterValue");
        CHECK(sent->failed[0].sender_fault);
        CHECK(stack.requests("sqs", "SendMessageBatch") == 1);
    }

    // fauxqs deletes with any receipt handle, even a malformed one; local-aws-sqs refuses a
    // malformed one per entry, as SQS does.
    if (protocol == SqsProtocol::Query) {
        SECTION("a malformed receipt handle is reported for its entry, the others are deleted") {
            const std::string url = make_queue(sqs);
            stack.reset_counts();
            REQUIRE(sqs.send_message(url, "to be deleted"));
            auto received = receive_all(sqs, url, 1);
            REQUIRE(received.size() == 1);
            std::vector<awsrest::SqsDeleteEntry> entries = {{"real", received[0].receipt_handle},
                                                            {"bogus", "not-a-receipt-handle"}};
            auto deleted = sqs.delete_message_batch(url, entries);
            INFO((deleted ? "" : deleted.error().describe()));
            REQUIRE(deleted);
            REQUIRE(deleted->successful.size() == 1);
            CHECK(deleted->successful[0] == "real");
            REQUIRE(deleted->failed.size() == 1);
            CHECK(deleted->failed[0].id == "bogus");
            CHECK(deleted->failed[0].code == "ReceiptHandleIsInvalid");
            CHECK(deleted->failed[0].sender_fault);
            CHECK(stack.requests("sqs", "DeleteMessageBatch") == 1);
        }
    }
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("sqs: VisibilityTimeout hides a message and ChangeMessageVisibility shows it again", "[integration][sqs]") {
    stack::FaultGuard faults;  // none left from an earlier test, none left behind
    const auto protocol = GENERATE(SqsProtocol::Json, SqsProtocol::Query);
    INFO("protocol " << protocol_name(protocol));
    auto& stack = LocalStack::get();
    auto sqs = sqs_client(protocol);
    const std::string url = make_queue(sqs);
    stack.reset_counts();
    REQUIRE(sqs.send_message(url, "hide and seek"));

    awsrest::SqsReceiveOptions hide;
    hide.wait_time_seconds = 1;
    hide.visibility_timeout = 30;
    hide.attribute_names = {"ApproximateReceiveCount"};
    auto first = sqs.receive_message(url, hide);
    REQUIRE(first);
    REQUIRE(first->messages.size() == 1);

    // Invisible for 30 s: an immediate receive finds nothing.
    awsrest::SqsReceiveOptions quick;
    quick.wait_time_seconds = 0;
    auto hidden = sqs.receive_message(url, quick);
    REQUIRE(hidden);
    CHECK(hidden->messages.empty());

    auto changed = sqs.change_message_visibility(url, first->messages[0].receipt_handle, 0);
    INFO((changed ? "" : changed.error().describe()));
    REQUIRE(changed);
    auto again = sqs.receive_message(url, hide);
    REQUIRE(again);
    REQUIRE(again->messages.size() == 1);
    CHECK(again->messages[0].body == "hide and seek");
    CHECK(again->messages[0].message_id == first->messages[0].message_id);
    // (Not ApproximateReceiveCount: local-aws-sqs counts ChangeMessageVisibility as a receive.)

    CHECK(stack.requests("sqs", "ChangeMessageVisibility") == 1);
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("sqs: GetQueueAttributes reports the queue's settings, ARN and message counts", "[integration][sqs]") {
    stack::FaultGuard faults;  // none left from an earlier test, none left behind
    const auto protocol = GENERATE(SqsProtocol::Json, SqsProtocol::Query);
    INFO("protocol " << protocol_name(protocol));
    auto& stack = LocalStack::get();
    stack.reset_counts();
    auto sqs = sqs_client(protocol);
    const std::string name = stack::unique_name("sqs-attributes");
    auto url = sqs.create_queue(name, {{"VisibilityTimeout", "45"}, {"MessageRetentionPeriod", "3600"}});
    INFO((url ? "" : url.error().describe()));
    REQUIRE(url);
    REQUIRE(sqs.send_message(*url, "one"));
    REQUIRE(sqs.send_message(*url, "two"));

    auto all = sqs.get_queue_attributes(*url);
    INFO((all ? "" : all.error().describe()));
    REQUIRE(all);
    CHECK(all->at("VisibilityTimeout") == "45");
    CHECK(all->at("MessageRetentionPeriod") == "3600");
    CHECK(all->at("QueueArn") == "arn:aws:sqs:" + stack.region() + ":" + stack.env("STACK_ACCOUNT_ID") + ":" + name);
    // local-aws-sqs counts a message sent a moment ago as delayed until its (0 s) delay timer
    // has run; the count is approximate in SQS too: look again for up to a second.
    for (int i = 0; i < 20 && all->at("ApproximateNumberOfMessages") != "2"; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        all = sqs.get_queue_attributes(*url);
        REQUIRE(all);
    }
    CHECK(all->at("ApproximateNumberOfMessages") == "2");

    auto some = sqs.get_queue_attributes(*url, {"QueueArn"});
    REQUIRE(some);
    CHECK(some->count("QueueArn") == 1);
    CHECK(some->count("VisibilityTimeout") == 0);

    CHECK(stack.requests("sqs", "GetQueueAttributes") >= 2);
    REQUIRE_NOTHING_REJECTED();
}
