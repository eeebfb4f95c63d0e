// A small JSON writer for the commands' results: objects, arrays, strings, integers,
// booleans and null, indented two spaces per level.
//
// Strings are escaped as RFC 8259 asks: '"' and '\\', and every control character
// (U+0000-U+001F, and DEL) as \n, \t, ... or \u00XX. Valid UTF-8 is passed through as it
// is; a byte that is not part of a valid UTF-8 sequence is written as \ufffd, so the
// output is always valid JSON.
#pragma once

#include <awsrest/clock.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace cli {

class JsonWriter {
  public:
    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    // The name of the next member of the current object.
    JsonWriter& key(std::string_view name);

    JsonWriter& string(std::string_view value);
    JsonWriter& integer(std::int64_t value);
    JsonWriter& unsigned_integer(std::uint64_t value);
    JsonWriter& boolean(bool value);
    JsonWriter& null();

    // Shorthands for one member: key, then value.
    JsonWriter& member(std::string_view name, std::string_view value) { return key(name).string(value); }
    JsonWriter& member_integer(std::string_view name, std::int64_t value) { return key(name).integer(value); }
    JsonWriter& member_bool(std::string_view name, bool value) { return key(name).boolean(value); }
    // A string member that is left out when empty.
    JsonWriter& member_if_set(std::string_view name, std::string_view value);
    // An object of string members, in the map's order.
    JsonWriter& member_map(std::string_view name, const std::map<std::string, std::string>& values);
    // An array of strings.
    JsonWriter& member_list(std::string_view name, const std::vector<std::string>& values);

    // The document so far; complete once every begin_ has its end_.
    const std::string& text() const { return out_; }

  private:
    void before_value();
    void newline();

    struct Level {
        bool is_object;
        bool empty = true;
    };
    std::string out_;
    std::vector<Level> levels_;
    bool after_key_ = false;
};

// value as a JSON string literal, quotes included.
std::string json_quote(std::string_view value);

// Whether text is well-formed UTF-8 (no overlong forms, surrogates or values past U+10FFFF).
bool is_valid_utf8(std::string_view text);

// "2024-05-01T12:30:00Z"
std::string format_utc(awsrest::TimePoint time);

}  // namespace cli
