// Request bodies of the AWS Query protocol (API version 2012-11-05), one function per SQS
// call: "Action=<call>&Version=2012-11-05&..." form-encoded, lists as Name.1, Name.2 and
// maps as Attribute.1.Name / Attribute.1.Value. The caller has checked the arguments.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "awsrest/sqs.hpp"

namespace awsrest::sqs {

inline constexpr std::string_view kQueryApiVersion = "2012-11-05";

std::string query_create_queue(std::string_view queue_name, const SqsAttributes& attributes);
std::string query_get_queue_url(std::string_view queue_name);
std::string query_send_message(std::string_view queue_url, std::string_view body, const SqsSendOptions& options);
std::string query_send_message_batch(std::string_view queue_url, const std::vector<SqsSendEntry>& entries);
std::string query_receive_message(std::string_view queue_url, const SqsReceiveOptions& options);
std::string query_delete_message(std::string_view queue_url, std::string_view receipt_handle);
std::string query_delete_message_batch(std::string_view queue_url, const std::vector<SqsDeleteEntry>& entries);
std::string query_change_message_visibility(std::string_view queue_url, std::string_view receipt_handle,
                                            int visibility_timeout_seconds);
std::string query_get_queue_attributes(std::string_view queue_url, const std::vector<std::string>& names);

}  // namespace awsrest::sqs
