// SNS request bodies, built and checked without HTTP so tests can read them whole.
#pragma once

#include <string>

#include "awsrest/result.hpp"
#include "awsrest/sns.hpp"

namespace awsrest::sns {

inline constexpr std::string_view kSnsVersion = "2010-03-31";

// Each fails with InvalidArgument naming the call and the field that is wrong.
Result<std::string> publish_body(const SnsPublishRequest& request);
Result<std::string> create_topic_body(const std::string& name);
Result<std::string> subscribe_body(const SnsSubscribeRequest& request);

}  // namespace awsrest::sns
