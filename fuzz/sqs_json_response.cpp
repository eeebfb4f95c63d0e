// Every SQS JSON 1.0 answer parser, and the checks that follow them, on the same input.
// Seeds: fuzz/corpus/sqs_json_response/ (the AWS API Reference examples).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sqs/sqs_integrity.hpp"
#include "sqs/sqs_json_response.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace awsrest::sqs;
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    (void)parse_json_queue_url(body, "GetQueueUrl");
    (void)parse_json_send_message(body);
    (void)parse_json_queue_attributes(body);
    (void)parse_json_empty(body, "DeleteMessage");
    if (auto messages = parse_json_receive_message(body); messages.ok()) {
        (void)verify_received(std::move(messages).value());
    }
    if (auto sent = parse_json_send_message_batch(body); sent.ok()) {
        (void)verify_sent_batch(std::move(sent).value(), {{"test_msg_001", "test message body 1", {}}});
    }
    if (auto deleted = parse_json_delete_message_batch(body); deleted.ok()) {
        (void)verify_deleted_batch(std::move(deleted).value(), {{"msg1", "h1"}, {"msg2", "h2"}});
    }
    return 0;
}
