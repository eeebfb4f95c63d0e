// ASCII case, hex digits and RFC 3986 percent-encoding: one copy for the whole library.
// Only ASCII letters change case; every other byte (UTF-8 included) is left as it is.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace awsrest::ascii {

inline constexpr char kLowerHexDigits[] = "0123456789abcdef";
inline constexpr char kUpperHexDigits[] = "0123456789ABCDEF";

constexpr char to_lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

inline std::string to_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = to_lower(c);
    return out;
}

constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    if (a == b) return true;  // the usual case, and a fast one
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (to_lower(a[i]) != to_lower(b[i])) return false;
    }
    return true;
}

constexpr bool istarts_with(std::string_view text, std::string_view prefix) noexcept {
    return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
}

// 0-15 for a hex digit of either case, -1 for anything else.
constexpr int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Two lower-case hex digits per byte: "\x01\xab" -> "01ab".
inline void append_lower_hex(std::string& out, const unsigned char* bytes, std::size_t size) {
    out.reserve(out.size() + 2 * size);
    for (std::size_t i = 0; i < size; ++i) {
        out.push_back(kLowerHexDigits[bytes[i] >> 4]);
        out.push_back(kLowerHexDigits[bytes[i] & 0x0f]);
    }
}

// The unreserved characters of RFC 3986 (A-Z a-z 0-9 - . _ ~), never percent-encoded.
constexpr bool is_unreserved(unsigned char c) noexcept {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_' || c == '~';
}

// "%XX" with upper-case hex digits, as SigV4 and S3 want them.
inline void append_percent_escaped(std::string& out, unsigned char c) {
    const char escaped[3] = {'%', kUpperHexDigits[c >> 4], kUpperHexDigits[c & 0x0f]};
    out.append(escaped, 3);
}

}  // namespace awsrest::ascii
