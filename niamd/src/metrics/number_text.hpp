// Numbers as the metric formats write them: decimal text to a finite double or an integer.
#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string_view>

namespace niamd::metrics {

// A finite double from the whole of `text` ("12", "-0.5", "1e3", "+2"); nullopt otherwise,
// so NaN and infinities (written or overflowing) never come out.
inline std::optional<double> parse_finite(std::string_view text) noexcept {
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    if (text.empty()) return std::nullopt;
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
    return value;
}

// A decimal integer from the whole of `text` (an optional leading '-').
inline std::optional<std::int64_t> parse_integer(std::string_view text) noexcept {
    if (text.empty()) return std::nullopt;
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

}  // namespace niamd::metrics
