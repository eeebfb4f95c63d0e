// SqsClient: checks the arguments, builds the body for the chosen protocol, sends it
// through AwsClient (signing, retries, AWS error bodies) and parses and verifies the answer.
#include "awsrest/sqs.hpp"

#include "core/query_form.hpp"
#include "sqs/response_common.hpp"
#include "sqs/sqs_integrity.hpp"
#include "sqs/sqs_json_request.hpp"
#include "sqs/sqs_json_response.hpp"
#include "sqs/sqs_query_request.hpp"
#include "sqs/sqs_validation.hpp"
#include "sqs/sqs_xml_response.hpp"

namespace awsrest {

using namespace sqs;

namespace {

constexpr std::string_view kSigningName = "sqs";

}  // namespace

struct SqsClient::Call {
    std::string_view action;  // "SendMessage"
    std::string body;
    const std::atomic<bool>* cancel = nullptr;  // CallOptions::cancel
};

SqsClient::SqsClient(AwsClient& aws, ServiceEndpoint endpoint, SqsProtocol protocol)
    : aws_(aws), endpoint_(std::move(endpoint)), protocol_(protocol) {}

Result<std::string> SqsClient::send(const Call& call) {
    Request request;
    request.method = "POST";
    request.path = endpoint_.endpoint.base_path + "/";
    if (protocol_ == SqsProtocol::Json) {
        set_header(request.headers, "Content-Type", std::string(kJsonContentType));
        set_header(request.headers, "X-Amz-Target", std::string(kJsonTargetPrefix) + std::string(call.action));
    } else {
        set_header(request.headers, "Content-Type", std::string(kQueryContentType));
    }
    request.body = call.body;

    CallOptions options;
    options.operation = operation_name(call.action);
    options.region = endpoint_.region;
    options.service = endpoint_.signing_name.empty() ? std::string(kSigningName) : endpoint_.signing_name;
    options.cancel = call.cancel;
    auto response = aws_.call(endpoint_.endpoint, request, options);
    if (!response) return std::move(response).error();
    return std::move(response).value().body;
}

Result<std::string> SqsClient::create_queue(std::string_view queue_name, const SqsAttributes& attributes) {
    constexpr std::string_view kAction = "CreateQueue";
    if (auto ok = check_queue_name(kAction, queue_name); !ok) return std::move(ok).error();
    if (auto ok = check_queue_attributes(kAction, attributes); !ok) return std::move(ok).error();
    const bool json = protocol_ == SqsProtocol::Json;
    auto answer =
        send({kAction, json ? json_create_queue(queue_name, attributes) : query_create_queue(queue_name, attributes)});
    if (!answer) return answer;
    return json ? parse_json_queue_url(*answer, kAction) : parse_xml_queue_url(*answer, kAction);
}

Result<std::string> SqsClient::get_queue_url(std::string_view queue_name) {
    constexpr std::string_view kAction = "GetQueueUrl";
    if (auto ok = check_queue_name(kAction, queue_name); !ok) return std::move(ok).error();
    const bool json = protocol_ == SqsProtocol::Json;
    auto answer = send({kAction, json ? json_get_queue_url(queue_name) : query_get_queue_url(queue_name)});
    if (!answer) return answer;
    return json ? parse_json_queue_url(*answer, kAction) : parse_xml_queue_url(*answer, kAction);
}

Result<SqsSendResult> SqsClient::send_message(std::string_view queue_url, std::string_view body,
                                              const SqsSendOptions& options) {
    constexpr std::string_view kAction = "SendMessage";
    if (auto ok = check_queue_url(kAction, queue_url); !ok) return std::move(ok).error();
    if (auto ok = check_send(kAction, body, options); !ok) return std::move(ok).error();
    const bool json = protocol_ == SqsProtocol::Json;
    auto answer = send(
        {kAction, json ? json_send_message(queue_url, body, options) : query_send_message(queue_url, body, options)});
    if (!answer) return std::move(answer).error();
    auto sent = json ? parse_json_send_message(*answer) : parse_xml_send_message(*answer);
    if (!sent) return sent;
    return verify_sent_message(std::move(sent).value(), body);
}

Result<SqsSendBatchResult> SqsClient::send_message_batch(std::string_view queue_url,
                                                         const std::vector<SqsSendEntry>& entries) {
    constexpr std::string_view kAction = "SendMessageBatch";
    if (auto ok = check_queue_url(kAction, queue_url); !ok) return std::move(ok).error();
    if (auto ok = check_send_batch(kAction, entries); !ok) return std::move(ok).error();
    const bool json = protocol_ == SqsProtocol::Json;
    auto answer = send(
        {kAction, json ? json_send_message_batch(queue_url, entries) : query_send_message_batch(queue_url, entries)});
    if (!answer) return std::move(answer).error();
    auto batch = json ? parse_json_send_message_batch(*answer) : parse_xml_send_message_batch(*answer);
    if (!batch) return batch;
    return verify_sent_batch(std::move(batch).value(), entries);
}

Result<SqsReceiveResult> SqsClient::receive_message(std::string_view queue_url, const SqsReceiveOptions& options) {
    constexpr std::string_view kAction = "ReceiveMessage";
    if (auto ok = check_queue_url(kAction, queue_url); !ok) return std::move(ok).error();
    if (auto ok = check_receive(kAction, options); !ok) return std::move(ok).error();
    const bool json = protocol_ == SqsProtocol::Json;
    auto answer =
        send({kAction, json ? json_receive_message(queue_url, options) : query_receive_message(queue_url, options),
              options.cancel});
    if (!answer) return std::move(answer).error();
    auto messages = json ? parse_json_receive_message(*answer) : parse_xml_receive_message(*answer);
    if (!messages) return std::move(messages).error();
    return verify_received(std::move(messages).value());
}

Result<void> SqsClient::delete_message(std::string_view queue_url, std::string_view receipt_handle) {
    constexpr std::string_view kAction = "DeleteMessage";
    if (auto ok = check_queue_url(kAction, queue_url); !ok) return ok;
    if (auto ok = check_receipt_handle(kAction, receipt_handle); !ok) return ok;
    const bool json = protocol_ == SqsProtocol::Json;
    auto answer = send({kAction, json ? json_delete_message(queue_url, receipt_handle)
                                      : query_delete_message(queue_url, receipt_handle)});
    if (!answer) return std::move(answer).error();
    return json ? parse_json_empty(*answer, kAction) : parse_xml_empty(*answer, kAction);
}

Result<SqsDeleteBatchResult> SqsClient::delete_message_batch(std::string_view queue_url,
                                                             const std::vector<SqsDeleteEntry>& entries) {
    constexpr std::string_view kAction = "DeleteMessageBatch";
    if (auto ok = check_queue_url(kAction, queue_url); !ok) return std::move(ok).error();
    if (auto ok = check_delete_batch(kAction, entries); !ok) return std::move(ok).error();
    const bool json = protocol_ == SqsProtocol::Json;
    auto answer = send({kAction, json ? json_delete_message_batch(queue_url, entries)
                                      : query_delete_message_batch(queue_url, entries)});
    if (!answer) return std::move(answer).error();
    auto batch = json ? parse_json_delete_message_batch(*answer) : parse_xml_delete_message_batch(*answer);
    if (!batch) return batch;
    return verify_deleted_batch(std::move(batch).value(), entries);
}

Result<void> SqsClient::change_message_visibility(std::string_view queue_url, std::string_view receipt_handle,
                                                  int visibility_timeout_seconds) {
    constexpr std::string_view kAction = "ChangeMessageVisibility";
    if (auto ok = check_queue_url(kAction, queue_url); !ok) return ok;
    if (auto ok = check_receipt_handle(kAction, receipt_handle); !ok) return ok;
    if (auto ok = check_visibility_timeout(kAction, visibility_timeout_seconds); !ok) return ok;
    const bool json = protocol_ == SqsProtocol::Json;
    auto answer =
        send({kAction, json ? json_change_message_visibility(queue_url, receipt_handle, visibility_timeout_seconds)
                            : query_change_message_visibility(queue_url, receipt_handle, visibility_timeout_seconds)});
    if (!answer) return std::move(answer).error();
    return json ? parse_json_empty(*answer, kAction) : parse_xml_empty(*answer, kAction);
}

Result<SqsAttributes> SqsClient::get_queue_attributes(std::string_view queue_url,
                                                      const std::vector<std::string>& names) {
    constexpr std::string_view kAction = "GetQueueAttributes";
    if (auto ok = check_queue_url(kAction, queue_url); !ok) return std::move(ok).error();
    if (auto ok = check_attribute_names(kAction, names); !ok) return std::move(ok).error();
    const bool json = protocol_ == SqsProtocol::Json;
    auto answer = send(
        {kAction, json ? json_get_queue_attributes(queue_url, names) : query_get_queue_attributes(queue_url, names)});
    if (!answer) return std::move(answer).error();
    return json ? parse_json_queue_attributes(*answer) : parse_xml_queue_attributes(*answer);
}

}  // namespace awsrest
