#include "core/excerpt.hpp"

#include <algorithm>

namespace awsrest::excerpt {

namespace {

bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

}  // namespace

std::string shown(std::string_view text, std::size_t max_bytes) {
    std::string out(text.substr(0, max_bytes));
    for (char& c : out) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7f) c = '?';
    }
    if (text.size() > max_bytes) out += "...";
    return out;
}

std::string printable_line(std::string_view text, std::size_t max_bytes) {
    std::string out;
    out.reserve(std::min(text.size(), max_bytes) + 3);
    bool pending_space = false;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (is_space(u)) {
            pending_space = !out.empty();
            continue;
        }
        if (out.size() + (pending_space ? 1 : 0) >= max_bytes) {  // one more would not fit
            out += "...";
            break;
        }
        if (pending_space) out += ' ';
        pending_space = false;
        out += (u >= 0x21 && u <= 0x7e) ? c : '?';
    }
    return out;
}

}  // namespace awsrest::excerpt
