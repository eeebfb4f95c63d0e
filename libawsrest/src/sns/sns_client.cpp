// SnsClient: Query protocol calls through AwsClient.
#include "awsrest/sns.hpp"
#include "core/query_form.hpp"
#include "sns/sns_request.hpp"
#include "sns/sns_response.hpp"

namespace awsrest {

namespace {

// POSTs a Query protocol form to "/" of the endpoint; the answer's body.
Result<std::string> post_form(AwsClient& client, const ServiceEndpoint& endpoint, std::string_view operation,
                              Result<std::string> body) {
    if (!body) return std::move(body).error();
    Request request;
    request.method = "POST";
    request.path = endpoint.endpoint.base_path + "/";
    set_header(request.headers, "Content-Type", std::string(kQueryContentType));
    request.body = std::move(*body);

    CallOptions options;
    options.operation = std::string(operation);
    options.region = endpoint.region;
    options.service = endpoint.signing_name;
    auto response = client.call(endpoint.endpoint, request, options);
    if (!response) return std::move(response).error();
    return std::move(response->body);
}

}  // namespace

SnsClient::SnsClient(AwsClient& client, ServiceEndpoint endpoint) : client_(client), endpoint_(std::move(endpoint)) {
    if (endpoint_.signing_name.empty()) endpoint_.signing_name = "sns";
}

Result<SnsPublishResult> SnsClient::publish(const SnsPublishRequest& request) {
    auto body = post_form(client_, endpoint_, "SNS.Publish", sns::publish_body(request));
    if (!body) return std::move(body).error();
    return sns::parse_publish_response(*body);
}

Result<std::string> SnsClient::create_topic(const std::string& name) {
    auto body = post_form(client_, endpoint_, "SNS.CreateTopic", sns::create_topic_body(name));
    if (!body) return std::move(body).error();
    return sns::parse_create_topic_response(*body);
}

Result<std::string> SnsClient::subscribe(const SnsSubscribeRequest& request) {
    auto body = post_form(client_, endpoint_, "SNS.Subscribe", sns::subscribe_body(request));
    if (!body) return std::move(body).error();
    return sns::parse_subscribe_response(*body);
}

}  // namespace awsrest
