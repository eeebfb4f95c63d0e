// StsClient: GetCallerIdentity as a Query protocol POST through AwsClient.
#include "awsrest/sts.hpp"
#include "core/query_form.hpp"
#include "sts/sts_response.hpp"

namespace awsrest {

StsClient::StsClient(AwsClient& client, ServiceEndpoint endpoint) : client_(client), endpoint_(std::move(endpoint)) {
    if (endpoint_.signing_name.empty()) endpoint_.signing_name = "sts";
}

Result<CallerIdentity> StsClient::get_caller_identity() {
    Request request;
    request.method = "POST";
    request.path = endpoint_.endpoint.base_path + "/";
    set_header(request.headers, "Content-Type", std::string(kQueryContentType));
    request.body = std::move(QueryForm().add("Action", "GetCallerIdentity").add("Version", "2011-06-15")).text();

    CallOptions options;
    options.operation = "STS.GetCallerIdentity";
    options.region = endpoint_.region;
    options.service = endpoint_.signing_name;
    return client_.call(endpoint_.endpoint, request, options).and_then([](const Response& response) {
        return sts::parse_get_caller_identity_response(response.body);
    });
}

}  // namespace awsrest
