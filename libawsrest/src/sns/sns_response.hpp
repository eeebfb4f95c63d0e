// SNS answers (AWS Query protocol XML) read into results: pure functions of the body.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "awsrest/result.hpp"
#include "awsrest/sns.hpp"

namespace awsrest::sns {

// Longest id or ARN taken from an answer (an ARN has at most 2048 characters).
inline constexpr std::size_t kMaxSnsFieldBytes = 2048;

// <PublishResponse><PublishResult><MessageId> (and <SequenceNumber> for FIFO topics).
Result<SnsPublishResult> parse_publish_response(std::string_view body);
// <CreateTopicResponse><CreateTopicResult><TopicArn>
Result<std::string> parse_create_topic_response(std::string_view body);
// <SubscribeResponse><SubscribeResult><SubscriptionArn>
Result<std::string> parse_subscribe_response(std::string_view body);

}  // namespace awsrest::sns
