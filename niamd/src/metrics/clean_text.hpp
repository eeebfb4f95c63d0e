// Whether a name, label or tag from plugin output can be kept as it is: valid UTF-8 without
// control characters. Metric parsers refuse a line with anything else rather than alter it.
#pragma once

#include <string_view>

#include "text/utf8.hpp"

namespace niamd::metrics {

inline bool is_clean_text(std::string_view text) noexcept {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            if (c < 0x20 || c == 0x7f) return false;
            ++i;
            continue;
        }
        const std::size_t length = text::utf8_sequence_length(text, i);
        if (length == 0) return false;
        i += length;
    }
    return true;
}

}  // namespace niamd::metrics
