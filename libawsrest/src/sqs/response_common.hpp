// What the SQS answer parsers share: the bounds on remote data and the error they give.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "awsrest/result.hpp"
#include "awsrest/sqs.hpp"

namespace awsrest::sqs {

// Largest answer body parsed; the curl transport's own default bound is the same.
inline constexpr std::size_t kMaxResponseBytes = 16 * 1024 * 1024;
// More messages or batch result entries than SQS can send in one answer is not SQS.
inline constexpr std::size_t kMaxMessagesPerAnswer = static_cast<std::size_t>(kSqsMaxReceiveMessages);
inline constexpr std::size_t kMaxBatchResultEntries = kSqsMaxBatchEntries;
// Attributes of one queue or one message (SQS has about 20 of either kind).
inline constexpr std::size_t kMaxAttributesPerAnswer = 128;

// "SQS.ReceiveMessage"
inline std::string operation_name(std::string_view action) { return "SQS." + std::string(action); }

// A Parse error naming the call: "SQS.ReceiveMessage: <detail>".
inline Error parse_error(std::string_view action, std::string_view detail) {
    return make_error(ErrorKind::Parse, operation_name(action) + ": " + std::string(detail));
}

}  // namespace awsrest::sqs
