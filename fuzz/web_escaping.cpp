// Fuzzes the escaping of values the web interface shows (hostnames, outputs, alert
// details come from the queue): JSON strings, HTML text and Prometheus label values must
// stay inert and valid UTF-8 whatever the bytes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "web/html_text.hpp"
#include "web/json_writer.hpp"
#include "web/metrics_text.hpp"
#include "text/valid_utf8.hpp"

namespace {

bool valid_utf8(std::string_view text) { return niamd::text::to_valid_utf8(text) == text; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);

    const std::string valid = niamd::text::to_valid_utf8(input);
    if (!valid_utf8(valid)) __builtin_trap();
    if (valid_utf8(input) && valid != input) __builtin_trap();

    // JSON: quoted, no control characters, nothing HTML would act on.
    const std::string json = niamd::web::json_quote(input);
    if (json.size() < 2 || json.front() != '"' || json.back() != '"' || !valid_utf8(json)) __builtin_trap();
    for (std::size_t i = 1; i + 1 < json.size(); ++i) {
        const auto c = static_cast<unsigned char>(json[i]);
        if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\'') __builtin_trap();
        if (c == '\\') {
            ++i;  // the escaped character
        } else if (c == '"') {
            __builtin_trap();  // an unescaped quote would end the string early
        }
    }

    // HTML: no markup characters survive; '&' only starts a character reference.
    const std::string html = niamd::web::html_escape(input);
    if (!valid_utf8(html)) __builtin_trap();
    for (std::size_t i = 0; i < html.size(); ++i) {
        const char c = html[i];
        if (c == '<' || c == '>' || c == '"' || c == '\'') __builtin_trap();
        if (c == '&' && html.find(';', i) == std::string::npos) __builtin_trap();
    }
    const std::string page = niamd::web::fill_page("<p>{{v}}</p>", {{"v", std::string(input)}});
    if (page != "<p>" + html + "</p>") __builtin_trap();

    // Prometheus label value: no raw newline, every quote and backslash escaped.
    const std::string label = niamd::web::escape_label_value(input);
    if (!valid_utf8(label)) __builtin_trap();
    for (std::size_t i = 0; i < label.size(); ++i) {
        if (label[i] == '\n' || label[i] == '"') __builtin_trap();
        if (label[i] == '\\') {
            if (i + 1 >= label.size()) __builtin_trap();
            const char next = label[++i];
            if (next != '\\' && next != '"' && next != 'n') __builtin_trap();
        }
    }
    return 0;
}
