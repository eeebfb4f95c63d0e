#include "http/response_head.hpp"

namespace awsrest::http {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view text) {
    while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
    return text;
}

std::string_view strip_line_end(std::string_view line) {
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
    return line;
}

}  // namespace

bool ResponseHead::add_line(std::string_view line) {
    total_bytes_ += line.size();
    if (total_bytes_ > kMaxResponseHeadBytes) return false;

    line = strip_line_end(line);
    if (line.empty()) return true;  // end of a block; a later status line starts the next
    if (line.starts_with("HTTP/")) {
        start_block(line);
        return true;
    }
    if (is_blank(line.front())) {  // obsolete line folding: continues the previous value
        if (!headers_.empty()) {
            auto& value = headers_.back().value;
            const auto more = trim(line);
            if (!more.empty()) value += (value.empty() ? "" : " ") + std::string(more);
        }
        return true;
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return true;  // not a header: ignore
    headers_.push_back({std::string(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1)))});
    return true;
}

// "HTTP/1.1 503 Service Unavailable", "HTTP/2 200", "HTTP/1.1 200 " -> status, reason.
void ResponseHead::start_block(std::string_view status_line) {
    headers_.clear();
    status_ = 0;
    reason_.clear();
    const auto space = status_line.find(' ');
    if (space == std::string_view::npos) return;
    auto rest = status_line.substr(space + 1);
    int status = 0;
    std::size_t digits = 0;
    while (digits < rest.size() && digits < 3 && rest[digits] >= '0' && rest[digits] <= '9') {
        status = status * 10 + (rest[digits] - '0');
        ++digits;
    }
    if (digits != 3) return;
    status_ = status;
    reason_ = std::string(trim(rest.substr(digits)));
}

}  // namespace awsrest::http
