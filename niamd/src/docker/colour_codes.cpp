#include "docker/colour_codes.hpp"

namespace niamd::docker {

std::string without_colour_codes(std::string_view text) {
    if (text.find('\x1b') == std::string_view::npos) return std::string(text);
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] != '\x1b') {
            out += text[i++];
            continue;
        }
        if (i + 1 >= text.size()) break;  // a lone ESC at the end
        const char kind = text[i + 1];
        i += 2;
        if (kind == '[') {  // CSI: parameters and intermediates, then one final byte 0x40-0x7e
            while (i < text.size() && (static_cast<unsigned char>(text[i]) < 0x40 || text[i] > 0x7e)) ++i;
            if (i < text.size()) ++i;
        } else if (kind == ']') {  // OSC: up to BEL or ESC '\'
            while (i < text.size() && text[i] != '\x07' &&
                   !(text[i] == '\x1b' && i + 1 < text.size() && text[i + 1] == '\\')) {
                ++i;
            }
            if (i < text.size()) i += text[i] == '\x07' ? 1 : 2;
        }
        // any other ESC x: both bytes dropped
    }
    return out;
}

}  // namespace niamd::docker
