#include "web/html_text.hpp"

#include "text/valid_utf8.hpp"

namespace niamd::web {

std::string html_escape(std::string_view text) {
    const std::string valid = text::to_valid_utf8(text);
    std::string out;
    out.reserve(valid.size());
    for (const char c : valid) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string fill_page(std::string_view page, const std::vector<std::pair<std::string, std::string>>& values) {
    std::string out;
    out.reserve(page.size());
    std::size_t at = 0;
    while (at < page.size()) {
        const std::size_t open = page.find("{{", at);
        if (open == std::string_view::npos) break;
        const std::size_t close = page.find("}}", open + 2);
        if (close == std::string_view::npos) break;
        out.append(page.substr(at, open - at));
        const std::string_view name = page.substr(open + 2, close - open - 2);
        bool filled = false;
        for (const auto& [key, value] : values) {
            if (key == name) {
                out += html_escape(value);
                filled = true;
                break;
            }
        }
        if (!filled) out.append(page.substr(open, close + 2 - open));
        at = close + 2;
    }
    out.append(page.substr(at));
    return out;
}

}  // namespace niamd::web
