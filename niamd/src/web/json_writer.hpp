// JsonWriter: builds one JSON text for the API. Strings are made valid UTF-8 and
// escaped so the text is also inert inside HTML: '<', '>', '&', '\'', U+2028 and U+2029
// become \u escapes, as do all control characters.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace niamd::web {

class JsonWriter {
  public:
    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    JsonWriter& key(std::string_view name);  // inside an object, before its value

    JsonWriter& value(std::string_view text);
    JsonWriter& value(const char* text) { return value(std::string_view(text)); }
    JsonWriter& value(std::int64_t number);
    JsonWriter& value(int number) { return value(static_cast<std::int64_t>(number)); }
    JsonWriter& value(std::uint64_t number);
    JsonWriter& value(bool flag);
    JsonWriter& value(double number);                     // shortest text that reads back exactly; null when not finite
    JsonWriter& value(const std::optional<int>& number);  // null when empty
    JsonWriter& null();

    // The text so far; complete once every begin_* has its end_*.
    const std::string& text() const noexcept { return out_; }

  private:
    void before_value();

    std::string out_;
    std::vector<bool> first_;  // per open container: no element written yet
    bool after_key_ = false;
};

// `text` as a quoted JSON string (with the escapes described above).
std::string json_quote(std::string_view text);

}  // namespace niamd::web
