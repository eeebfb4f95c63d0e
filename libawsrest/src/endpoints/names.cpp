#include "endpoints/names.hpp"

#include <algorithm>

#include "core/excerpt.hpp"

namespace awsrest::endpoints {

bool is_dns_label(std::string_view text) noexcept {
    constexpr std::size_t kMaxLabel = 63;
    if (text.empty() || text.size() > kMaxLabel) return false;
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

std::string shown(std::string_view text) {
    constexpr std::size_t kShown = 100;
    return excerpt::shown(text, kShown);
}

std::string_view trim(std::string_view text) noexcept {
    const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
    while (!text.empty() && blank(text.front())) text.remove_prefix(1);
    while (!text.empty() && blank(text.back())) text.remove_suffix(1);
    return text;
}

}  // namespace awsrest::endpoints
