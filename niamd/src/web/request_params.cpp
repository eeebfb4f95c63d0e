#include "web/request_params.hpp"

#include <algorithm>
#include <charconv>

namespace niamd::web {
namespace {

constexpr std::size_t kMaxDigits = 12;

std::optional<std::int64_t> whole_number(std::string_view digits) {
    if (digits.empty() || digits.size() > kMaxDigits) return std::nullopt;
    std::int64_t number = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
    if (error != std::errc() || end != digits.data() + digits.size() || number < 0) return std::nullopt;
    return number;
}

std::int64_t unit_seconds(char unit) {
    switch (unit) {
        case 's': return 1;
        case 'm': return 60;
        case 'h': return 3600;
        case 'd': return 86400;
        case 'w': return 7 * 86400;
        default: return 0;
    }
}

}  // namespace

awsrest::Result<std::int64_t> parse_since(const std::optional<std::string>& text, std::int64_t now,
                                          std::int64_t fallback_seconds) {
    const std::int64_t oldest = now - kMaxLookbackSeconds;
    if (!text || text->empty()) return std::clamp(now - fallback_seconds, oldest, now);
    std::string_view value = *text;
    const std::int64_t unit = unit_seconds(value.back());
    if (unit != 0) value.remove_suffix(1);
    const auto number = whole_number(value);
    if (!number) {
        return awsrest::make_error(awsrest::ErrorKind::InvalidArgument,
                                   "since: expected Unix seconds or a duration like 30m, 1h, 7d");
    }
    if (unit == 0) return std::clamp(*number, oldest, now);
    return std::clamp(now - std::min(*number, kMaxLookbackSeconds / unit + 1) * unit, oldest, now);
}

awsrest::Result<std::size_t> parse_limit(const std::optional<std::string>& text, std::size_t fallback,
                                         std::size_t max) {
    if (!text) return fallback;
    const auto number = whole_number(*text);
    if (!number || *number < 1 || static_cast<std::size_t>(*number) > max) {
        return awsrest::make_error(awsrest::ErrorKind::InvalidArgument,
                                   "limit: expected a whole number from 1 to " + std::to_string(max));
    }
    return static_cast<std::size_t>(*number);
}

}  // namespace niamd::web
