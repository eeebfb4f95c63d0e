// Parsers of SQS answers in the AWS Query protocol (XML, API version 2012-11-05):
// 2xx body text -> result, pure functions reachable by unit tests and the fuzz target.
// The root must be <ActionResponse>; a body that is not the expected XML gives a Parse
// error naming the call ("SQS.ReceiveMessage: response is not valid XML at offset 12
// (...)"). Message bodies are kept byte for byte (whitespace and carriage returns too);
// identifiers are trimmed of surrounding whitespace. Sizes and counts are bounded
// (response_common.hpp). Digests are returned as sent; sqs_integrity.hpp checks them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "awsrest/result.hpp"
#include "awsrest/sqs.hpp"

namespace awsrest::sqs {

// <CreateQueueResponse><CreateQueueResult><QueueUrl> (and GetQueueUrl's). `action` names
// the call.
Result<std::string> parse_xml_queue_url(std::string_view body, std::string_view action);
Result<SqsSendResult> parse_xml_send_message(std::string_view body);
Result<SqsSendBatchResult> parse_xml_send_message_batch(std::string_view body);
Result<std::vector<SqsMessage>> parse_xml_receive_message(std::string_view body);
Result<SqsDeleteBatchResult> parse_xml_delete_message_batch(std::string_view body);
Result<SqsAttributes> parse_xml_queue_attributes(std::string_view body);
// Calls that answer nothing but ResponseMetadata: an empty body or <ActionResponse>.
Result<void> parse_xml_empty(std::string_view body, std::string_view action);

}  // namespace awsrest::sqs
