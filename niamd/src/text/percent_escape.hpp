// %XX escapes, as the record fields (METRIC tags, EVENT fields) and the client's position files
// write the bytes their syntax cannot hold: each part chooses which bytes need it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace niamd::text {

// Appends `text` to `out`, each byte for which needs_escape(byte) is true written as %XX
// (upper-case hex).
template <class NeedsEscape>
void append_percent_escaped(std::string& out, std::string_view text, NeedsEscape needs_escape) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (needs_escape(c)) {
            out.push_back('%');
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 0xf]);
        } else {
            out.push_back(ch);
        }
    }
}

// `text` with every %XX (either case of hex) turned back into its byte; nullopt when a '%' is
// not followed by two hex digits.
std::optional<std::string> percent_unescape(std::string_view text);

}  // namespace niamd::text
