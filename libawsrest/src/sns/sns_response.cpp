#include "sns/sns_response.hpp"

#include "core/xml_answer.hpp"

namespace awsrest::sns {

namespace {

// The <{action}Result> element of a Query protocol answer, from a document the caller owns.
Result<pugi::xml_node> result_element(pugi::xml_document& document, std::string_view body, const std::string& action) {
    return xml_answer::query_result(document, body, "SNS." + action, action);
}

// A field's text; required fields must be there and not empty.
Result<std::string> field(const pugi::xml_node& result, const std::string& action, const char* name, bool required) {
    return xml_answer::field_text(result, "SNS." + action, name, required, kMaxSnsFieldBytes);
}

Result<std::string> single_field(std::string_view body, const std::string& action, const char* name) {
    pugi::xml_document document;
    auto result = result_element(document, body, action);
    if (!result) return std::move(result).error();
    return field(*result, action, name, true);
}

}  // namespace

Result<SnsPublishResult> parse_publish_response(std::string_view body) {
    const std::string action = "Publish";
    pugi::xml_document document;
    auto result = result_element(document, body, action);
    if (!result) return std::move(result).error();
    auto message_id = field(*result, action, "MessageId", true);
    if (!message_id) return std::move(message_id).error();
    auto sequence = field(*result, action, "SequenceNumber", false);
    if (!sequence) return std::move(sequence).error();
    return SnsPublishResult{std::move(*message_id), std::move(*sequence)};
}

Result<std::string> parse_create_topic_response(std::string_view body) {
    return single_field(body, "CreateTopic", "TopicArn");
}

Result<std::string> parse_subscribe_response(std::string_view body) {
    return single_field(body, "Subscribe", "SubscriptionArn");
}

}  // namespace awsrest::sns
