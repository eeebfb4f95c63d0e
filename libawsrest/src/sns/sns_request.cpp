#include "sns/sns_request.hpp"

#include <algorithm>

#include "core/query_form.hpp"

namespace awsrest::sns {

namespace {

// SNS's own limit on a topic name.
constexpr std::size_t kMaxTopicNameBytes = 256;

Error invalid(std::string_view operation, const std::string& what) {
    return make_error(ErrorKind::InvalidArgument, std::string(operation) + ": " + what);
}

bool has_control_char(std::string_view text) noexcept {
    return std::any_of(text.begin(), text.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte < 0x20 || byte == 0x7f;
    });
}

}  // namespace

Result<std::string> publish_body(const SnsPublishRequest& request) {
    constexpr std::string_view kOperation = "SNS.Publish";
    if (request.topic_arn.empty()) return invalid(kOperation, "topic_arn is empty");
    if (request.message.empty()) return invalid(kOperation, "the message is empty");
    if (request.subject.size() > kMaxSnsSubjectBytes || has_control_char(request.subject)) {
        return invalid(kOperation,
                       "the subject must be one line of at most " + std::to_string(kMaxSnsSubjectBytes) + " bytes");
    }
    if (request.message_attributes.size() > kMaxSnsMessageAttributes) {
        return invalid(kOperation, std::to_string(request.message_attributes.size()) + " message attributes; at most " +
                                       std::to_string(kMaxSnsMessageAttributes));
    }
    // SNS counts the message and its attributes (name, type, value) against one limit.
    std::size_t size = request.message.size();
    for (const auto& [name, value] : request.message_attributes) {
        if (name.empty()) return invalid(kOperation, "a message attribute has an empty name");
        if (value.empty()) return invalid(kOperation, "message attribute '" + name + "' has an empty value");
        size += name.size() + value.size() + std::string_view("String").size();
    }
    if (size > kMaxSnsMessageBytes) {
        return invalid(kOperation, "the message and its attributes take " + std::to_string(size) + " bytes; at most " +
                                       std::to_string(kMaxSnsMessageBytes));
    }

    QueryForm form;
    form.add("Action", "Publish");
    form.add("TopicArn", request.topic_arn);
    if (!request.subject.empty()) form.add("Subject", request.subject);
    form.add("Message", request.message);
    int index = 0;
    for (const auto& [name, value] : request.message_attributes) {
        const std::string entry = "MessageAttributes.entry." + std::to_string(++index);
        form.add(entry + ".Name", name);
        form.add(entry + ".Value.DataType", "String");
        form.add(entry + ".Value.StringValue", value);
    }
    return std::move(form.add("Version", kSnsVersion)).text();
}

Result<std::string> create_topic_body(const std::string& name) {
    constexpr std::string_view kOperation = "SNS.CreateTopic";
    if (name.empty() || name.size() > kMaxTopicNameBytes) {
        return invalid(kOperation, "a topic name has 1 to " + std::to_string(kMaxTopicNameBytes) + " bytes");
    }
    QueryForm form;
    form.add("Action", "CreateTopic");
    form.add("Name", name);
    return std::move(form.add("Version", kSnsVersion)).text();
}

Result<std::string> subscribe_body(const SnsSubscribeRequest& request) {
    constexpr std::string_view kOperation = "SNS.Subscribe";
    if (request.topic_arn.empty()) return invalid(kOperation, "topic_arn is empty");
    if (request.protocol.empty()) return invalid(kOperation, "the protocol is empty");
    if (request.endpoint.empty()) return invalid(kOperation, "the endpoint is empty");

    QueryForm form;
    form.add("Action", "Subscribe");
    form.add("TopicArn", request.topic_arn);
    form.add("Protocol", request.protocol);
    form.add("Endpoint", request.endpoint);
    form.add("ReturnSubscriptionArn", "true");
    if (request.raw_message_delivery) {
        form.add("Attributes.entry.1.key", "RawMessageDelivery");
        form.add("Attributes.entry.1.value", *request.raw_message_delivery ? "true" : "false");
    }
    return std::move(form.add("Version", kSnsVersion)).text();
}

}  // namespace awsrest::sns
