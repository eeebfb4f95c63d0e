// Checks before sending: message body characters, batch limits, ranges and queue names.
#include <catch2/catch.hpp>

#include <awsrest/sqs.hpp>

#include <string>

#include "sqs/sqs_validation.hpp"

using awsrest::ErrorKind;
using awsrest::SqsDeleteEntry;
using awsrest::SqsReceiveOptions;
using awsrest::SqsSendEntry;
using namespace awsrest::sqs;
using namespace std::string_literals;

TEST_CASE("sqs: message bodies with every character class SQS allows pass", "[sqs][validation]") {
    const std::string rows[] = {
        "a",
        "\t\n\r",
        " ~\x7F",            // U+0020, U+007E, U+007F
        "\xC2\x80\xDF\xBF",  // U+0080, U+07FF
        "\xED\x9F\xBF",      // U+D7FF, last before the surrogates
        "\xEE\x80\x80",      // U+E000
        "\xEF\xBF\xBD",      // U+FFFD
        "\xF0\x90\x80\x80",  // U+10000
        "\xF4\x8F\xBF\xBF",  // U+10FFFF
        "{\"host\":\"web-1\",\"status\":\"ok\"}",
    };
    for (const std::string& body : rows) {
        INFO(body);
        CHECK(awsrest::validate_sqs_message_body(body).ok());
    }
}

TEST_CASE("sqs: message bodies SQS refuses name the byte offset", "[sqs][validation]") {
    struct Row {
        const char* name;
        std::string body;
        std::string message;
    };
    const std::string allowed =
        ", a character SQS does not allow (allowed: #x9 #xA #xD #x20-#xD7FF #xE000-#xFFFD #x10000-#x10FFFF)";
    const Row rows[] = {
        {"empty", "", "message body is empty; SQS needs at least one character"},
        {"NUL", "ab\0cd"s, "message body has U+0000 at byte offset 2" + allowed},
        {"control character", "\x01", "message body has U+0001 at byte offset 0" + allowed},
        {"escape after UTF-8", "\xC3\xA9\x1B", "message body has U+001B at byte offset 2" + allowed},
        {"U+FFFE", "a\xEF\xBF\xBE", "message body has U+FFFE at byte offset 1" + allowed},
        {"U+FFFF", "\xEF\xBF\xBF", "message body has U+FFFF at byte offset 0" + allowed},
        {"overlong NUL", "x\xC0\x80", "message body is not valid UTF-8 at byte offset 1 (byte 0xC0)"},
        {"overlong 3 bytes", "\xE0\x80\xAF", "message body is not valid UTF-8 at byte offset 0 (byte 0xE0)"},
        {"surrogate", "ab\xED\xA0\x80", "message body is not valid UTF-8 at byte offset 2 (byte 0xED)"},
        {"above U+10FFFF", "\xF4\x90\x80\x80", "message body is not valid UTF-8 at byte offset 0 (byte 0xF4)"},
        {"truncated sequence", "abc\xE2\x82", "message body is not valid UTF-8 at byte offset 3 (byte 0xE2)"},
        {"lone continuation", "\x80", "message body is not valid UTF-8 at byte offset 0 (byte 0x80)"},
        {"Latin-1 byte", "caf\xE9!", "message body is not valid UTF-8 at byte offset 3 (byte 0xE9)"},
    };
    for (const Row& row : rows) {
        INFO(row.name);
        auto checked = awsrest::validate_sqs_message_body(row.body);
        REQUIRE_FALSE(checked.ok());
        CHECK(checked.error().kind == ErrorKind::InvalidArgument);
        CHECK(checked.error().message == row.message);
    }
}

TEST_CASE("sqs: a message body may be 256 KiB, not one byte more", "[sqs][validation]") {
    CHECK(awsrest::validate_sqs_message_body(std::string(262144, 'x')).ok());
    auto too_big = awsrest::validate_sqs_message_body(std::string(262145, 'x'));
    REQUIRE_FALSE(too_big.ok());
    CHECK(too_big.error().message == "message body is 262145 bytes, more than the 262144 bytes SQS accepts");
}

TEST_CASE("sqs: batch limits are checked before sending", "[sqs][validation]") {
    const auto entries = [](std::size_t count, std::size_t body_bytes) {
        std::vector<SqsSendEntry> list;
        for (std::size_t i = 0; i < count; ++i)
            list.push_back({"m" + std::to_string(i), std::string(body_bytes, 'x'), {}});
        return list;
    };
    CHECK(check_send_batch("SendMessageBatch", entries(10, 26214)).ok());  // 262140 bytes in all

    struct Row {
        const char* name;
        std::vector<SqsSendEntry> entries;
        std::string message;
    };
    std::vector<SqsSendEntry> duplicate = entries(2, 5);
    duplicate[1].id = "m0";
    std::vector<SqsSendEntry> bad_id = entries(2, 5);
    bad_id[1].id = "has space";
    std::vector<SqsSendEntry> bad_body = entries(3, 5);
    bad_body[2].body = "ok\x02";
    std::vector<SqsSendEntry> bad_delay = entries(1, 5);
    bad_delay[0].options.delay_seconds = 901;
    const Row rows[] = {
        {"no entry", {}, "SQS.SendMessageBatch: a batch needs at least one entry"},
        {"eleven entries", entries(11, 1), "SQS.SendMessageBatch: a batch holds at most 10 entries, not 11"},
        {"over 256 KiB in all", entries(2, 131073),
         "SQS.SendMessageBatch: the message bodies total 262146 bytes, more than the 262144 bytes SQS accepts in one "
         "batch"},
        {"duplicate id", duplicate, "SQS.SendMessageBatch: entry id \"m0\" appears more than once"},
        {"bad id", bad_id,
         "SQS.SendMessageBatch: entry 2 has id \"has space\"; an id is 1 to 80 letters, digits, '-' or '_'"},
        {"bad body", bad_body,
         "SQS.SendMessageBatch: entry \"m2\": message body has U+0002 at byte offset 2, a character SQS does not "
         "allow (allowed: #x9 #xA #xD #x20-#xD7FF #xE000-#xFFFD #x10000-#x10FFFF)"},
        {"bad delay", bad_delay, "SQS.SendMessageBatch: entry \"m0\": DelaySeconds 901 is outside 0..900"},
    };
    for (const Row& row : rows) {
        INFO(row.name);
        auto checked = check_send_batch("SendMessageBatch", row.entries);
        REQUIRE_FALSE(checked.ok());
        CHECK(checked.error().kind == ErrorKind::InvalidArgument);
        CHECK(checked.error().message == row.message);
    }
}

TEST_CASE("sqs: delete batches need 1 to 10 distinct ids and receipt handles", "[sqs][validation]") {
    CHECK(check_delete_batch("DeleteMessageBatch", {{"a", "h1"}, {"b", "h2"}}).ok());
    auto empty_handle = check_delete_batch("DeleteMessageBatch", {{"a", ""}});
    REQUIRE_FALSE(empty_handle.ok());
    CHECK(empty_handle.error().message == "SQS.DeleteMessageBatch: entry \"a\": receipt handle is empty");
    std::vector<SqsDeleteEntry> eleven(11);
    for (std::size_t i = 0; i < eleven.size(); ++i) eleven[i] = {"d" + std::to_string(i), "h"};
    auto too_many = check_delete_batch("DeleteMessageBatch", eleven);
    REQUIRE_FALSE(too_many.ok());
    CHECK(too_many.error().message == "SQS.DeleteMessageBatch: a batch holds at most 10 entries, not 11");
}

TEST_CASE("sqs: receive options must lie in the ranges SQS accepts", "[sqs][validation]") {
    SqsReceiveOptions good;
    good.max_messages = 10;
    good.wait_time_seconds = 20;
    good.visibility_timeout = 43200;
    good.attribute_names = {"All"};
    CHECK(check_receive("ReceiveMessage", good).ok());
    good.max_messages = 1;
    good.wait_time_seconds = 0;
    good.visibility_timeout = 0;
    CHECK(check_receive("ReceiveMessage", good).ok());

    struct Row {
        SqsReceiveOptions options;
        std::string message;
    };
    const auto with = [](auto change) {
        SqsReceiveOptions options;
        change(options);
        return options;
    };
    const Row rows[] = {
        {with([](auto& o) { o.max_messages = 0; }), "SQS.ReceiveMessage: MaxNumberOfMessages 0 is outside 1..10"},
        {with([](auto& o) { o.max_messages = 11; }), "SQS.ReceiveMessage: MaxNumberOfMessages 11 is outside 1..10"},
        {with([](auto& o) { o.wait_time_seconds = 21; }), "SQS.ReceiveMessage: WaitTimeSeconds 21 is outside 0..20"},
        {with([](auto& o) { o.wait_time_seconds = -1; }), "SQS.ReceiveMessage: WaitTimeSeconds -1 is outside 0..20"},
        {with([](auto& o) { o.visibility_timeout = 43201; }),
         "SQS.ReceiveMessage: VisibilityTimeout 43201 is outside 0..43200"},
        {with([](auto& o) { o.attribute_names = {""}; }), "SQS.ReceiveMessage: an attribute name is empty"},
    };
    for (const Row& row : rows) {
        auto checked = check_receive("ReceiveMessage", row.options);
        REQUIRE_FALSE(checked.ok());
        CHECK(checked.error().kind == ErrorKind::InvalidArgument);
        CHECK(checked.error().message == row.message);
    }
}

TEST_CASE("sqs: queue names are 1 to 80 letters, digits, '-' or '_', optionally .fifo", "[sqs][validation]") {
    for (const std::string& name : std::vector<std::string>{"MyQueue", "niam-alerts_1", "orders.fifo",
                                                            std::string(80, 'q'), std::string(75, 'q') + ".fifo"}) {
        INFO(name);
        CHECK(check_queue_name("CreateQueue", name).ok());
    }
    for (const std::string& name : std::vector<std::string>{"", ".fifo", "a.b", "with space", "caf\xC3\xA9",
                                                            std::string(81, 'q'), std::string(76, 'q') + ".fifo"}) {
        INFO(name);
        auto checked = check_queue_name("CreateQueue", name);
        REQUIRE_FALSE(checked.ok());
        CHECK(checked.error().kind == ErrorKind::InvalidArgument);
        CHECK(checked.error().message.starts_with("SQS.CreateQueue: queue name \""));
    }
}

TEST_CASE("sqs: URLs, receipt handles and attributes must be non-empty UTF-8", "[sqs][validation]") {
    CHECK(check_queue_url("SendMessage", "http://127.0.0.1:4566/000000000000/q").ok());
    auto empty = check_queue_url("SendMessage", "");
    REQUIRE_FALSE(empty.ok());
    CHECK(empty.error().message == "SQS.SendMessage: queue URL is empty");
    auto binary = check_receipt_handle("DeleteMessage", "abc\xFF");
    REQUIRE_FALSE(binary.ok());
    CHECK(binary.error().message == "SQS.DeleteMessage: receipt handle is not valid UTF-8 at byte offset 3");
    auto visibility = check_visibility_timeout("ChangeMessageVisibility", -1);
    REQUIRE_FALSE(visibility.ok());
    CHECK(visibility.error().message == "SQS.ChangeMessageVisibility: VisibilityTimeout -1 is outside 0..43200");
    auto attribute = check_queue_attributes("CreateQueue", {{"Policy", "\xC3"}});
    REQUIRE_FALSE(attribute.ok());
    CHECK(attribute.error().message ==
          "SQS.CreateQueue: value of attribute \"Policy\" is not valid UTF-8 at byte offset 0");
}
