// Amazon EC2: the calls niam needs (DescribeInstances), over the Query protocol.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "awsrest/aws_client.hpp"
#include "awsrest/clock.hpp"
#include "awsrest/endpoints.hpp"
#include "awsrest/result.hpp"

namespace awsrest {

struct Ec2Instance {
    std::string instance_id;    // "i-1234567890abcdef0"
    std::string instance_type;  // "t2.micro"
    std::string state_name;     // "pending", "running", "stopping", "stopped", ...
    int state_code = 0;         // 0 pending, 16 running, 32 shutting-down, 48 terminated, ...
    std::string private_ip;     // empty when none
    std::string public_ip;      // empty when none
    std::string availability_zone;
    TimePoint launch_time{};  // the epoch when the answer had none
    std::map<std::string, std::string> tags;
    std::string name;  // the "Name" tag, empty when none
};

// "Filter.N.Name" and its values, e.g. {"tag:Name", {"web-*"}} or {"instance-state-name", {"running"}}.
struct Ec2Filter {
    std::string name;
    std::vector<std::string> values;
};

struct DescribeInstancesRequest {
    std::vector<std::string> instance_ids;  // InstanceId.N
    std::vector<Ec2Filter> filters;         // Filter.N.Name, Filter.N.Value.M
    std::optional<int> max_results;         // 5..1000 per page; not together with instance_ids
    int max_pages = 100;                    // fetching more pages than this is an error
};

// One answer of DescribeInstances.
struct DescribeInstancesPage {
    std::vector<Ec2Instance> instances;
    std::string next_token;  // empty on the last page
    std::string request_id;
};

class Ec2Client {
  public:
    // `endpoint` from resolve_endpoint("ec2", ...).
    Ec2Client(AwsClient& client, ServiceEndpoint endpoint);

    // Every instance that matches, across all pages (NextToken), in the order EC2 gives them.
    Result<std::vector<Ec2Instance>> describe_instances(const DescribeInstancesRequest& request = {});
    // One page; `next_token` empty for the first.
    Result<DescribeInstancesPage> describe_instances_page(const DescribeInstancesRequest& request,
                                                          const std::string& next_token = {});

    const ServiceEndpoint& endpoint() const noexcept { return endpoint_; }

  private:
    AwsClient& client_;
    ServiceEndpoint endpoint_;
};

}  // namespace awsrest
