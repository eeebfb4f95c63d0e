#include "core/json_fields.hpp"

#include <charconv>

namespace awsrest::json {

JsonFields::JsonFields(std::string operation, std::string service, std::size_t max_bytes)
    : operation_(std::move(operation)), service_(std::move(service)), max_bytes_(max_bytes) {}

Error JsonFields::error() const {
    return make_error(ErrorKind::Parse, operation_ + ": " + problem_.value_or("the answer could not be read"));
}

void JsonFields::fail(std::string detail) {
    if (!problem_) problem_ = std::move(detail);
}

bool JsonFields::load(JsonNode& root, std::string_view body) {
    if (body.size() > max_bytes_) {
        fail("response is " + std::to_string(body.size()) + " bytes, more than the " + std::to_string(max_bytes_) +
             " bytes parsed");
        return false;
    }
    JsonParse parsed = parse_json_tree(body);
    if (parsed.problem) {
        fail(*parsed.problem);
        return false;
    }
    if (!parsed.root.is_object()) {
        fail("response is not a JSON object");
        return false;
    }
    root = std::move(parsed.root);
    return true;
}

const JsonNode* JsonFields::present(const JsonNode& object, std::string_view name, std::string_view where, Need need) {
    const JsonNode* value = object.member(name);
    if (value != nullptr && value->kind != JsonNode::Kind::Null) return value;
    if (need == Need::Required) fail(std::string(where) + std::string(name) + " is missing");
    return nullptr;
}

std::string JsonFields::string(const JsonNode& object, std::string_view name, std::string_view where, Need need) {
    const JsonNode* value = present(object, name, where, need);
    if (value == nullptr) return {};
    if (!value->is_string()) {
        fail(std::string(where) + std::string(name) + " is not a string");
        return {};
    }
    return value->text;
}

std::optional<std::int64_t> JsonFields::integer(const JsonNode& object, std::string_view name, std::string_view where,
                                                Need need) {
    const JsonNode* value = present(object, name, where, need);
    if (value == nullptr) return std::nullopt;
    std::int64_t number = 0;
    const std::string& text = value->text;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (value->kind != JsonNode::Kind::Number || error != std::errc() || end != text.data() + text.size()) {
        fail(std::string(where) + std::string(name) + " is not an integer");
        return std::nullopt;
    }
    return number;
}

bool JsonFields::boolean(const JsonNode& object, std::string_view name, std::string_view where) {
    const JsonNode* value = present(object, name, where, Need::Optional);
    if (value == nullptr) return false;
    if (value->kind == JsonNode::Kind::Bool) return value->boolean;
    if (value->is_string() && (value->text == "true" || value->text == "false")) return value->text == "true";
    fail(std::string(where) + std::string(name) + " is not a boolean");
    return false;
}

const JsonNode* JsonFields::array(const JsonNode& object, std::string_view name, std::string_view where,
                                  std::size_t max_size) {
    const JsonNode* value = present(object, name, where, Need::Optional);
    if (value == nullptr) return nullptr;
    if (!value->is_array()) {
        fail(std::string(where) + std::string(name) + " is not an array");
        return nullptr;
    }
    if (value->items.size() > max_size) {
        fail(std::string(where) + std::string(name) + " has " + std::to_string(value->items.size()) +
             " entries, more than the " + std::to_string(max_size) + " " + service_ + " sends");
        return nullptr;
    }
    return value;
}

const JsonNode* JsonFields::object(const JsonNode& object, std::string_view name, std::string_view where,
                                   std::size_t max_members) {
    const JsonNode* value = present(object, name, where, Need::Optional);
    if (value == nullptr) return nullptr;
    if (!value->is_object()) {
        fail(std::string(where) + std::string(name) + " is not an object");
        return nullptr;
    }
    if (value->items.size() > max_members) {
        fail(std::string(where) + std::string(name) + " has " + std::to_string(value->items.size()) +
             " members, more than the " + std::to_string(max_members) + " parsed");
        return nullptr;
    }
    return value;
}

const JsonNode* JsonFields::entry(const JsonNode& array, std::string_view name, std::size_t index) {
    const JsonNode& node = array.items[index];
    if (node.is_object()) return &node;
    fail(std::string(name) + "[" + std::to_string(index) + "] is not an object");
    return nullptr;
}

std::string JsonFields::element(std::string_view name, std::size_t index) {
    return std::string(name) + "[" + std::to_string(index) + "].";
}

}  // namespace awsrest::json
