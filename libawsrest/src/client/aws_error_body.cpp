#include "client/aws_error_body.hpp"

#include <rapidjson/reader.h>

#include <pugixml.hpp>

#include <algorithm>
#include <utility>
#include <vector>

#include "core/excerpt.hpp"
#include "core/json_stream.hpp"
#include "core/secret_redaction.hpp"

namespace awsrest::client {

namespace {

// Collects the top-level string members of a JSON object as the SAX reader meets them.
// Nesting deeper than kMaxDepth stops the parse, so the recursive reader stays shallow.
// (The DOM and the iterative reader of RapidJSON 1.1 do pointer arithmetic on a null
// stack on their first push, which UBSan rightly reports; in-situ SAX parsing of
// strings and numbers never touches that stack.)
class TopLevelStrings : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, TopLevelStrings> {
  public:
    static constexpr int kMaxDepth = 32;

    // The first value of each name (later duplicates are ignored), nullopt when absent
    // or not a string.
    std::optional<std::string> value(std::string_view name) const {
        for (const auto& [key, value] : members_) {
            if (key == name) return value;
        }
        return std::nullopt;
    }
    bool root_is_object() const { return root_is_object_; }

    bool StartObject() {
        if (depth_ == 0) root_is_object_ = true;
        return enter();
    }
    bool StartArray() { return enter(); }
    bool EndObject(rapidjson::SizeType) { return leave(); }
    bool EndArray(rapidjson::SizeType) { return leave(); }
    bool Key(const char* text, rapidjson::SizeType length, bool) {
        if (depth_ == 1) key_.assign(text, length);
        return true;
    }
    bool String(const char* text, rapidjson::SizeType length, bool) {
        if (depth_ == 1 && interesting(key_) && !value(key_) && members_.size() < kMaxMembers) {
            members_.emplace_back(key_, std::string(text, std::min<std::size_t>(length, kMaxErrorFieldBytes * 4)));
        }
        return true;
    }
    bool Default() { return true; }  // numbers, booleans, null: not wanted

  private:
    static constexpr std::size_t kMaxMembers = 16;

    static bool interesting(std::string_view key) {
        for (const char* name : {"__type", "code", "Code", "message", "Message", "errorMessage", "RequestId"}) {
            if (key == name) return true;
        }
        return false;
    }
    bool enter() { return ++depth_ <= kMaxDepth; }
    bool leave() {
        --depth_;
        return true;
    }

    int depth_ = 0;
    bool root_is_object_ = false;
    std::string key_;
    std::vector<std::pair<std::string, std::string>> members_;
};

std::string field(std::string_view text) { return excerpt::printable_line(text, kMaxErrorFieldBytes); }

// A message may echo what was signed (SignatureDoesNotMatch: the canonical request with
// the session token): secrets go before the text is flattened and cut.
std::string message_field(std::string_view text) { return field(redact_signing_secrets(text)); }

std::string_view xml_text(const pugi::xml_node& node) { return node.text().get(); }

}  // namespace

std::string_view short_error_code(std::string_view type) {
    const auto hash = type.rfind('#');
    if (hash != std::string_view::npos) type.remove_prefix(hash + 1);
    const auto colon = type.find(':');
    if (colon != std::string_view::npos) type = type.substr(0, colon);
    return type;
}

std::optional<AwsErrorBody> parse_json_error_body(std::string_view body) {
    if (body.size() > kMaxErrorBodyBytes) return std::nullopt;
    TopLevelStrings strings;
    const auto parsed = json_stream::parse<rapidjson::kParseNoFlags>(body, strings);
    // A NUL byte ends the stream early; what follows it is not JSON either.
    if (parsed.result.IsError() || !strings.root_is_object() || parsed.consumed != body.size()) return std::nullopt;

    AwsErrorBody error;
    for (const char* name : {"__type", "code", "Code"}) {
        if (const auto value = strings.value(name)) {
            error.code = field(short_error_code(*value));
            break;
        }
    }
    for (const char* name : {"message", "Message", "errorMessage"}) {
        if (const auto value = strings.value(name)) {
            error.message = message_field(*value);
            break;
        }
    }
    if (const auto value = strings.value("RequestId")) error.request_id = field(*value);
    return error;
}

std::optional<AwsErrorBody> parse_xml_error_body(std::string_view body) {
    if (body.size() > kMaxErrorBodyBytes) return std::nullopt;
    pugi::xml_document document;
    const auto parsed = document.load_buffer(body.data(), body.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!parsed) return std::nullopt;

    const pugi::xml_node root = document.document_element();
    const std::string_view root_name = root.name();
    pugi::xml_node error_node;
    if (root_name == "Error") {
        error_node = root;  // S3
    } else if (root_name == "ErrorResponse") {
        error_node = root.child("Error");  // Query protocol
    } else if (root_name == "Response") {
        error_node = root.child("Errors").child("Error");  // EC2
    }
    if (!error_node) return std::nullopt;

    AwsErrorBody error;
    error.code = field(xml_text(error_node.child("Code")));
    if (error.code.empty()) return std::nullopt;
    error.message = message_field(xml_text(error_node.child("Message")));
    for (const auto& node : {error_node.child("RequestId"), root.child("RequestId"), root.child("RequestID")}) {
        if (node) {
            error.request_id = field(xml_text(node));
            break;
        }
    }
    return error;
}

}  // namespace awsrest::client
