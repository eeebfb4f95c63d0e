#include "store/log_search.hpp"

#include "store/log_rows.hpp"

namespace niamd::store {

namespace {

// White space and every other control character (a NUL would end FTS5's reading of the
// query inside a phrase: a syntax error) separate words.
bool is_space(char c) noexcept {
    const auto byte = static_cast<unsigned char>(c);
    return byte <= 0x20 || byte == 0x7f;
}

bool has_token_character(std::string_view word) noexcept {
    for (const char c : word) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x80 || (byte >= '0' && byte <= '9') || (byte >= 'a' && byte <= 'z') ||
            (byte >= 'A' && byte <= 'Z')) {
            return true;
        }
    }
    return false;
}

}  // namespace

awsrest::Result<std::vector<std::string>> search_words(std::string_view text) {
    if (text.size() > kMaxSearchBytes) {
        return awsrest::make_error(awsrest::ErrorKind::InvalidArgument,
                                   "q: longer than " + std::to_string(kMaxSearchBytes) + " bytes");
    }
    std::vector<std::string> words;
    std::size_t at = 0;
    while (at < text.size()) {
        while (at < text.size() && is_space(text[at])) ++at;
        std::size_t end = at;
        while (end < text.size() && !is_space(text[end])) ++end;
        if (end == at) break;
        const std::string_view word = text.substr(at, end - at);
        at = end;
        if (!has_token_character(word)) continue;
        if (words.size() == kMaxSearchWords) {
            return awsrest::make_error(awsrest::ErrorKind::InvalidArgument,
                                       "q: more than " + std::to_string(kMaxSearchWords) + " words");
        }
        words.emplace_back(word);
    }
    return words;
}

std::string fts5_query(const std::vector<std::string>& words) {
    std::string out;
    for (const std::string& word : words) {
        if (!out.empty()) out += ' ';
        out += "line : \"";
        for (const char c : word) {
            if (c == '"') out += '"';
            out += c;
        }
        out += '"';
    }
    return out;
}

std::string fts5_host_filter(std::string_view hostname, std::string_view instance) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out = "host : \"h";
    out.reserve(out.size() + 2 * (hostname.size() + instance.size()) + 3);
    const auto hex = [&](std::string_view text) {
        for (const char c : text) {
            const auto byte = static_cast<unsigned char>(c);
            out += kHex[byte >> 4];
            out += kHex[byte & 0xf];
        }
    };
    hex(hostname);
    out += 'x';
    hex(instance);
    out += '"';
    return out;
}

std::string boolean_mode_query(const std::vector<std::string>& words) {
    std::string out;
    for (const std::string& word : words) {
        if (!out.empty()) out += ' ';
        out += "+\"";
        for (const char c : word) out += c == '"' ? ' ' : c;
        out += '"';
    }
    return out;
}

}  // namespace niamd::store
