#include "checks/answer_text.hpp"

namespace niamd::checks {

std::string escaped_answer(std::string_view bytes, std::size_t max_bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string text;
    const std::size_t shown = bytes.size() < max_bytes ? bytes.size() : max_bytes;
    for (std::size_t i = 0; i < shown; ++i) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        if (c == '\r') {
            text += "\\r";
        } else if (c == '\n') {
            text += "\\n";
        } else if (c == '\t') {
            text += "\\t";
        } else if (c == '\\') {
            text += "\\\\";
        } else if (c >= 0x20 && c < 0x7f) {
            text += static_cast<char>(c);
        } else {
            text += "\\x";
            text += kHex[c >> 4];
            text += kHex[c & 0xf];
        }
    }
    if (shown < bytes.size()) text += "...";
    return text;
}

}  // namespace niamd::checks
