// STS answers (AWS Query protocol XML) read into results: pure functions of the body.
#pragma once

#include <cstddef>
#include <string_view>

#include "awsrest/result.hpp"
#include "awsrest/sts.hpp"

namespace awsrest::sts {

// Longest field taken from an answer (an ARN has at most 2048 characters).
inline constexpr std::size_t kMaxStsFieldBytes = 2048;

// <GetCallerIdentityResponse><GetCallerIdentityResult> with <Account>, <Arn>, <UserId>.
Result<CallerIdentity> parse_get_caller_identity_response(std::string_view body);

}  // namespace awsrest::sts
