// Request bodies of the AWS JSON 1.0 protocol, one function per SQS call. The caller has
// checked the arguments (sqs_validation.hpp); strings are escaped by RapidJSON's writer.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "awsrest/sqs.hpp"

namespace awsrest::sqs {

inline constexpr std::string_view kJsonContentType = "application/x-amz-json-1.0";
inline constexpr std::string_view kJsonTargetPrefix = "AmazonSQS.";

std::string json_create_queue(std::string_view queue_name, const SqsAttributes& attributes);
std::string json_get_queue_url(std::string_view queue_name);
std::string json_send_message(std::string_view queue_url, std::string_view body, const SqsSendOptions& options);
std::string json_send_message_batch(std::string_view queue_url, const std::vector<SqsSendEntry>& entries);
std::string json_receive_message(std::string_view queue_url, const SqsReceiveOptions& options);
std::string json_delete_message(std::string_view queue_url, std::string_view receipt_handle);
std::string json_delete_message_batch(std::string_view queue_url, const std::vector<SqsDeleteEntry>& entries);
std::string json_change_message_visibility(std::string_view queue_url, std::string_view receipt_handle,
                                           int visibility_timeout_seconds);
std::string json_get_queue_attributes(std::string_view queue_url, const std::vector<std::string>& names);

}  // namespace awsrest::sqs
