#include "metrics/tag_text.hpp"

#include "text/percent_escape.hpp"

namespace niamd::metrics {
namespace {

bool needs_escape(unsigned char c) { return c == '%' || c == ';' || c == '=' || c < 0x20 || c == 0x7f; }

void append_escaped(std::string& out, std::string_view text) { text::append_percent_escaped(out, text, needs_escape); }

}  // namespace

std::string encode_tags(const std::vector<Tag>& tags) {
    std::string out;
    for (const auto& tag : tags) {
        if (!out.empty()) out.push_back(';');
        append_escaped(out, tag.key);
        out.push_back('=');
        append_escaped(out, tag.value);
    }
    return out;
}

std::optional<std::vector<Tag>> decode_tags(std::string_view text) {
    std::vector<Tag> tags;
    while (!text.empty()) {
        const std::size_t end = text.find(';');
        const std::string_view pair = text.substr(0, end);
        const std::size_t equals = pair.find('=');
        if (equals == std::string_view::npos || equals == 0) return std::nullopt;
        auto key = text::percent_unescape(pair.substr(0, equals));
        auto value = text::percent_unescape(pair.substr(equals + 1));
        if (!key || !value) return std::nullopt;
        tags.push_back({std::move(*key), std::move(*value)});
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
        if (text.empty()) return std::nullopt;  // a trailing ';'
    }
    return tags;
}

}  // namespace niamd::metrics
