// StsClient: GetCallerIdentity as a Query protocol POST through AwsClient.
#include "awsrest/sts.hpp"
#include "sts/sts_response.hpp"

namespace awsrest {

StsClient::StsClient(AwsClient& client, ServiceEndpoint endpoint) : client_(client), endpoint_(std::move(endpoint)) {
    if (endpoint_.signing_name.empty()) endpoint_.signing_name = "sts";
}

Result<CallerIdentity> StsClient::get_caller_identity() {
    Request request;
    request.method = "POST";
    request.path = endpoint_.endpoint.base_path + "/";
    set_header(request.headers, "Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
    request.body = "Action=GetCallerIdentity&Version=2011-06-15";

    CallOptions options;
    options.operation = "STS.GetCallerIdentity";
    options.region = endpoint_.region;
    options.service = endpoint_.signing_name;
    auto response = client_.call(endpoint_.endpoint, request, options);
    if (!response) return std::move(response).error();
    return sts::parse_get_caller_identity_response(response->body);
}

}  // namespace awsrest
