// The UTC timestamps EC2 and IMDS write ("2018-05-08T16:46:19.000Z"), read into a
// TimePoint without overflow: years outside 1970..2200 are refused, since TimePoint
// (nanoseconds) cannot hold much beyond 2262 and no EC2 time is before 2006.
#pragma once

#include <optional>
#include <string_view>

#include "awsrest/clock.hpp"

namespace awsrest::ec2 {

std::optional<TimePoint> parse_timestamp(std::string_view text);

}  // namespace awsrest::ec2
