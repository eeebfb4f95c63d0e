#include "sns/sns_response.hpp"

#include <pugixml.hpp>

namespace awsrest::sns {

namespace {

Error parse_error(std::string_view operation, const std::string& what) {
    return make_error(ErrorKind::Parse, std::string(operation) + ": " + what);
}

// Remote text as it may appear in a message: one line, bounded.
std::string shown(std::string_view text) {
    constexpr std::size_t kMaxShownBytes = 80;
    std::string out;
    for (const char c : text.substr(0, kMaxShownBytes)) {
        const auto byte = static_cast<unsigned char>(c);
        out += (byte < 0x20 || byte == 0x7f) ? '?' : c;
    }
    if (text.size() > kMaxShownBytes) out += "...";
    return out;
}

// The <{action}Result> element of a Query protocol answer, from a document the caller owns.
Result<pugi::xml_node> result_element(pugi::xml_document& document, std::string_view body, const std::string& action) {
    const std::string operation = "SNS." + action;
    const auto loaded = document.load_buffer(body.data(), body.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!loaded) {
        return parse_error(operation, std::string("response is not valid XML: ") + loaded.description() +
                                          " at offset " + std::to_string(loaded.offset));
    }
    const pugi::xml_node root = document.document_element();
    if (root.name() != action + "Response") {
        return parse_error(operation, "expected <" + action + "Response>, got <" + shown(root.name()) + ">");
    }
    const pugi::xml_node result = root.child((action + "Result").c_str());
    if (!result) return parse_error(operation, "the answer has no <" + action + "Result>");
    return result;
}

// A field's text; required fields must be there and not empty.
Result<std::string> field(const pugi::xml_node& result, const std::string& action, const char* name, bool required) {
    const std::string text = result.child(name).text().get();
    if (required && text.empty()) {
        return parse_error("SNS." + action, "the answer has no <" + std::string(name) + ">");
    }
    if (text.size() > kMaxSnsFieldBytes) {
        return parse_error("SNS." + action, "<" + std::string(name) + "> is longer than " +
                                                std::to_string(kMaxSnsFieldBytes) + " bytes");
    }
    return text;
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
