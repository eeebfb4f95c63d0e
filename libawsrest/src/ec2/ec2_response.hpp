// EC2 answers read into results: pure functions of the body, no HTTP, so the unit tests
// and the fuzz target call them directly.
#pragma once

#include <cstddef>
#include <string_view>

#include "awsrest/ec2.hpp"
#include "awsrest/result.hpp"

namespace awsrest::ec2 {

// Instances one DescribeInstances page may hold. With MaxResults EC2 sends at most 1000;
// without, all of them in one answer, which for a large account is a few thousand.
inline constexpr std::size_t kMaxInstancesPerPage = 20000;
// Tags per instance: AWS allows 50.
inline constexpr std::size_t kMaxTagsPerInstance = 1000;
// A NextToken is an opaque string of a few hundred characters.
inline constexpr std::size_t kMaxNextTokenBytes = 16 * 1024;

// A DescribeInstances body (<DescribeInstancesResponse>): every instance of every
// reservation, and the nextToken. Errors are Parse errors naming EC2.DescribeInstances.
Result<DescribeInstancesPage> parse_describe_instances(std::string_view body);

}  // namespace awsrest::ec2
