#include "text/display_text.hpp"

#include <cstdio>

#include "text/utf8.hpp"

namespace niamd::text {

bool is_hidden_control(char32_t code) noexcept {
    return (code >= 0x80 && code <= 0x9F) || code == 0x2028 || code == 0x2029 || code == 0x061C || code == 0x200E ||
           code == 0x200F || (code >= 0x202A && code <= 0x202E) || (code >= 0x2066 && code <= 0x2069);
}

std::string printable_ascii(std::string_view text, std::size_t limit) {
    std::string out;
    for (const char c : text.substr(0, limit)) out += (c >= 0x20 && c <= 0x7e) ? c : '?';
    return out;
}

std::string log_safe(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto byte = static_cast<unsigned char>(text[i]);
        const std::size_t length = utf8_sequence_length(text, i);
        if (length == 0 || byte < 0x20 || byte == 0x7f) {
            out += '?';
            ++i;
            continue;
        }
        char32_t code = byte;
        if (length > 1) {
            code = byte & (0x7F >> length);
            for (std::size_t k = 1; k < length; ++k)
                code = code << 6 | (static_cast<unsigned char>(text[i + k]) & 0x3F);
        }
        if (is_hidden_control(code)) {
            char shown[16];
            std::snprintf(shown, sizeof shown, "<U+%04X>", static_cast<unsigned>(code));
            out += shown;
        } else {
            out.append(text, i, length);
        }
        i += length;
    }
    return out;
}

}  // namespace niamd::text
