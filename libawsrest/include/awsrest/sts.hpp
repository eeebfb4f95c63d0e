// AWS STS: who the credentials belong to (GetCallerIdentity), over the AWS Query protocol.
#pragma once

#include <string>

#include "awsrest/aws_client.hpp"
#include "awsrest/endpoints.hpp"
#include "awsrest/result.hpp"

namespace awsrest {

struct CallerIdentity {
    std::string account;  // "123456789012"
    std::string arn;      // "arn:aws:iam::123456789012:user/Alice"
    std::string user_id;  // "AKIAI44QH8DHBEXAMPLE", or "AROA...:session" for a role
};

class StsClient {
  public:
    StsClient(AwsClient& client, ServiceEndpoint endpoint);

    Result<CallerIdentity> get_caller_identity();

  private:
    AwsClient& client_;
    ServiceEndpoint endpoint_;
};

}  // namespace awsrest
