// Checks of what a caller asks SQS for, before anything is sent: names, URLs, receipt
// handles, message bodies, batch sizes and the numeric ranges SQS accepts. Each failure
// is an InvalidArgument error that names the call and the offending value or entry.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "awsrest/result.hpp"
#include "awsrest/sqs.hpp"

namespace awsrest::sqs {

inline constexpr std::size_t kMaxQueueUrlBytes = 2048;
inline constexpr std::size_t kMaxReceiptHandleBytes = 8192;
inline constexpr std::size_t kMaxAttributeNameBytes = 256;
inline constexpr std::size_t kMaxAttributeValueBytes = 256 * 1024;  // a queue Policy can be long
inline constexpr std::size_t kMaxFifoIdBytes = 128;                 // MessageGroupId, MessageDeduplicationId

// The first byte offset where `text` stops being valid UTF-8, or nullopt.
std::optional<std::size_t> invalid_utf8_offset(std::string_view text) noexcept;

// Why a message body cannot be sent ("... at byte offset 5 ..."), or nullopt when it can.
std::optional<std::string> message_body_problem(std::string_view body);

Result<void> check_queue_name(std::string_view action, std::string_view name);
Result<void> check_queue_url(std::string_view action, std::string_view url);
Result<void> check_receipt_handle(std::string_view action, std::string_view handle);
Result<void> check_queue_attributes(std::string_view action, const SqsAttributes& attributes);
Result<void> check_attribute_names(std::string_view action, const std::vector<std::string>& names);
Result<void> check_visibility_timeout(std::string_view action, int seconds);

Result<void> check_send(std::string_view action, std::string_view body, const SqsSendOptions& options);
Result<void> check_send_batch(std::string_view action, const std::vector<SqsSendEntry>& entries);
Result<void> check_receive(std::string_view action, const SqsReceiveOptions& options);
Result<void> check_delete_batch(std::string_view action, const std::vector<SqsDeleteEntry>& entries);

}  // namespace awsrest::sqs
