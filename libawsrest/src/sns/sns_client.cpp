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
    return client.call(endpoint.endpoint, request, options).transform([](Response&& response) {
        return std::move(response.body);
    });
}

}  // namespace

SnsClient::SnsClient(AwsClient& client, ServiceEndpoint endpoint) : client_(client), endpoint_(std::move(endpoint)) {
    if (endpoint_.signing_name.empty()) endpoint_.signing_name = "sns";
}

Result<SnsPublishResult> SnsClient::publish(const SnsPublishRequest& request) {
    return post_form(client_, endpoint_, "SNS.Publish", sns::publish_body(request))
        .and_then(sns::parse_publish_response);
}

Result<std::string> SnsClient::create_topic(const std::string& name) {
    return post_form(client_, endpoint_, "SNS.CreateTopic", sns::create_topic_body(name))
        .and_then(sns::parse_create_topic_response);
}

Result<std::string> SnsClient::subscribe(const SnsSubscribeRequest& request) {
    return post_form(client_, endpoint_, "SNS.Subscribe", sns::subscribe_body(request))
        .and_then(sns::parse_subscribe_response);
}

}  // namespace awsrest
