// The DescribeInstances request body: a pure function, so the unit tests check it directly.
#pragma once

#include <string>

#include "awsrest/ec2.hpp"
#include "awsrest/result.hpp"

namespace awsrest::ec2 {

// The form body of one DescribeInstances call ("Action=DescribeInstances&Version=2016-11-15&...").
// Fails (InvalidArgument) on an empty filter name, a filter without values, too many
// filters or ids, or max_results together with instance_ids.
Result<std::string> describe_instances_form(const DescribeInstancesRequest& request, const std::string& next_token);

}  // namespace awsrest::ec2
