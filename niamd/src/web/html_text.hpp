// HTML escaping for the few values the server writes into a page (the rest reach the
// page as JSON and are set with textContent by the scripts).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace niamd::web {

// `text` made valid UTF-8 with & < > " ' replaced by character references: safe in
// element content and in quoted attribute values.
std::string html_escape(std::string_view text);

// `page` with each "{{name}}" replaced by the html_escape()d value given for it.
// Placeholders without a value are left as they are.
std::string fill_page(std::string_view page, const std::vector<std::pair<std::string, std::string>>& values);

}  // namespace niamd::web
