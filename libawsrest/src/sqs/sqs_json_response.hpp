// Parsers of SQS answers in the AWS JSON 1.0 protocol: 2xx body text -> result, pure
// functions reachable by unit tests and the fuzz target. A body that is not the expected
// JSON gives a Parse error naming the call ("SQS.ReceiveMessage: response is not valid
// JSON at offset 12 (...)"). Sizes and counts are bounded (response_common.hpp).
// Digests are returned as sent; checking them is sqs_integrity.hpp's job.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "awsrest/result.hpp"
#include "awsrest/sqs.hpp"

namespace awsrest::sqs {

// CreateQueue and GetQueueUrl: {"QueueUrl": "..."}. `action` names the call.
Result<std::string> parse_json_queue_url(std::string_view body, std::string_view action);
Result<SqsSendResult> parse_json_send_message(std::string_view body);
Result<SqsSendBatchResult> parse_json_send_message_batch(std::string_view body);
Result<std::vector<SqsMessage>> parse_json_receive_message(std::string_view body);
Result<SqsDeleteBatchResult> parse_json_delete_message_batch(std::string_view body);
Result<SqsAttributes> parse_json_queue_attributes(std::string_view body);
// Calls that answer nothing (DeleteMessage, ChangeMessageVisibility): an empty body or
// any JSON object.
Result<void> parse_json_empty(std::string_view body, std::string_view action);

}  // namespace awsrest::sqs
