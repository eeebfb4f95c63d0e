#include "core/json_tree.hpp"

#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>

#include "core/json_stream.hpp"

namespace awsrest::json {

namespace {

// In place (no copies on RapidJSON's stack, see core/json_stream.hpp), UTF-8 checked, numbers kept as written.
constexpr unsigned kParseFlags = rapidjson::kParseValidateEncodingFlag | rapidjson::kParseNumbersAsStringsFlag;

// Builds the tree from SAX events. `path_` holds the open containers from the root down;
// only the innermost one grows, so the pointers to its ancestors stay valid.
class TreeBuilder : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, TreeBuilder> {
  public:
    explicit TreeBuilder(JsonNode& root) : root_(root) {}

    bool Null() { return add(JsonNode::Kind::Null) != nullptr; }
    bool Bool(bool value) {
        JsonNode* node = add(JsonNode::Kind::Bool);
        if (node != nullptr) node->boolean = value;
        return node != nullptr;
    }
    bool RawNumber(const char* text, rapidjson::SizeType length, bool) {
        JsonNode* node = add(JsonNode::Kind::Number);
        if (node != nullptr) node->text.assign(text, length);
        return node != nullptr;
    }
    bool String(const char* text, rapidjson::SizeType length, bool) {
        JsonNode* node = add(JsonNode::Kind::String);
        if (node != nullptr) node->text.assign(text, length);
        return node != nullptr;
    }
    bool Key(const char* text, rapidjson::SizeType length, bool) {
        path_.back()->names.emplace_back(text, length);
        return true;
    }
    bool StartObject() { return open(JsonNode::Kind::Object); }
    bool StartArray() { return open(JsonNode::Kind::Array); }
    bool EndObject(rapidjson::SizeType) { return close(); }
    bool EndArray(rapidjson::SizeType) { return close(); }

    const std::optional<std::string>& stopped() const noexcept { return stopped_; }

  private:
    // The next value: the root, or a new last element of the innermost container.
    JsonNode* add(JsonNode::Kind kind) {
        if (++values_ > kMaxJsonValues) {
            stopped_ = "response has more than " + std::to_string(kMaxJsonValues) + " JSON values";
            return nullptr;
        }
        JsonNode* node = path_.empty() ? &root_ : &path_.back()->items.emplace_back();
        node->kind = kind;
        return node;
    }
    bool open(JsonNode::Kind kind) {
        if (path_.size() >= kMaxJsonDepth) {
            stopped_ = "response nests JSON deeper than " + std::to_string(kMaxJsonDepth) + " levels";
            return false;
        }
        JsonNode* node = add(kind);
        if (node == nullptr) return false;
        path_.push_back(node);
        return true;
    }
    bool close() {
        path_.pop_back();
        return true;
    }

    JsonNode& root_;
    std::vector<JsonNode*> path_;
    std::size_t values_ = 0;
    std::optional<std::string> stopped_;
};

}  // namespace

const JsonNode* JsonNode::member(std::string_view name) const noexcept {
    if (kind != Kind::Object) return nullptr;
    for (std::size_t i = 0; i < names.size() && i < items.size(); ++i) {
        if (names[i] == name) return &items[i];
    }
    return nullptr;
}

JsonParse parse_json_tree(std::string_view text) {
    JsonParse parse;
    // A NUL byte would end the in-situ stream early; JSON text never holds one.
    if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
        parse.problem = "response is not valid JSON at offset " + std::to_string(nul) + " (a NUL byte)";
        return parse;
    }
    TreeBuilder builder(parse.root);
    const rapidjson::ParseResult parsed = json_stream::parse<kParseFlags>(text, builder).result;
    if (builder.stopped()) {
        parse.problem = builder.stopped();
    } else if (parsed.IsError()) {
        std::string reason = rapidjson::GetParseError_En(parsed.Code());
        if (!reason.empty() && reason.back() == '.') reason.pop_back();
        parse.problem = "response is not valid JSON at offset " + std::to_string(parsed.Offset()) + " (" + reason + ")";
    }
    if (parse.problem) parse.root = JsonNode{};
    return parse;
}

}  // namespace awsrest::json
