// A JSON answer read into a small tree, bounded in depth and in the number of values.
// RapidJSON's SAX reader parses in place and recursively (never deeper than kMaxJsonDepth,
// the handler stops it there); rapidjson::Document is not used because its value stack
// does arithmetic on a null pointer in RapidJSON 1.1.0 (UBSan, internal/stack.h).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace awsrest::json {

// SQS answers nest 4 levels (root, Messages, a message, its Attributes), message
// attributes 6. Deeper input is refused rather than followed.
inline constexpr std::size_t kMaxJsonDepth = 32;
// Values of all kinds in one answer; ten messages with every attribute stay far below.
inline constexpr std::size_t kMaxJsonValues = 65536;

struct JsonNode {
    enum class Kind { Null, Bool, Number, String, Array, Object };
    Kind kind = Kind::Null;
    bool boolean = false;
    std::string text;                // String: the decoded text; Number: as written
    std::vector<JsonNode> items;     // Array elements, or Object member values
    std::vector<std::string> names;  // Object member names, parallel to items

    bool is_object() const noexcept { return kind == Kind::Object; }
    bool is_array() const noexcept { return kind == Kind::Array; }
    bool is_string() const noexcept { return kind == Kind::String; }
    // The first member of that name, or nullptr (also when not an object).
    const JsonNode* member(std::string_view name) const noexcept;
};

// The parsed tree, or why the text is not JSON within the bounds ("not valid JSON at
// offset 12 (Invalid value)", "nested deeper than 32 levels"). Strings must be UTF-8.
struct JsonParse {
    JsonNode root;
    std::optional<std::string> problem;
};
JsonParse parse_json_tree(std::string_view text);

}  // namespace awsrest::json
