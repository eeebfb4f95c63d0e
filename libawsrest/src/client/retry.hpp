// The SDKs' standard retry mode: which errors are worth another attempt and how long to
// wait before it (exponential backoff with full jitter).
#pragma once

#include <chrono>

#include "awsrest/aws_client.hpp"
#include "awsrest/clock.hpp"

namespace awsrest::client {

// random_unit * min(max_delay, base_delay * 2^retry), whole milliseconds; retry counts
// from 0 (the wait before the second attempt).
std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int retry, Random& random);

}  // namespace awsrest::client
