#include "metrics/threshold_range.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <limits>

#include "metrics/number_text.hpp"

namespace niamd::metrics {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// Shortest round-trip decimal form of a finite double.
std::string number(double value) {
    std::array<char, 32> buffer{};
    const auto [end, error] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    return error == std::errc() ? std::string(buffer.data(), end) : std::string("0");
}

}  // namespace

std::optional<ThresholdRange> parse_threshold_range(std::string_view text) noexcept {
    ThresholdRange range;
    if (!text.empty() && text.front() == '@') {
        range.inside = true;
        text.remove_prefix(1);
    }
    if (text.empty()) return std::nullopt;
    const std::size_t colon = text.find(':');
    if (colon == std::string_view::npos) {  // "10": 0 to 10
        const auto end = parse_finite(text);
        if (!end) return std::nullopt;
        range.start = 0;
        range.end = *end;
    } else {
        const std::string_view start = text.substr(0, colon);
        const std::string_view end = text.substr(colon + 1);
        if (start.empty() && end.empty()) return std::nullopt;
        if (start == "~") {
            range.start = -kInfinity;
        } else if (start.empty()) {
            range.start = 0;
        } else {
            const auto parsed = parse_finite(start);
            if (!parsed) return std::nullopt;
            range.start = *parsed;
        }
        if (end.empty()) {
            range.end = kInfinity;
        } else {
            const auto parsed = parse_finite(end);
            if (!parsed) return std::nullopt;
            range.end = *parsed;
        }
    }
    if (range.start > range.end) return std::nullopt;
    if (range.start == 0) range.start = 0;  // -0 reads as 0: one range, one text
    if (range.end == 0) range.end = 0;
    return range;
}

std::string ThresholdRange::text() const {
    std::string out = inside ? "@" : "";
    if (start == 0 && std::isfinite(end)) return out + number(end);
    out += std::isinf(start) ? std::string("~") : number(start);
    out += ':';
    if (std::isfinite(end)) out += number(end);
    return out;
}

}  // namespace niamd::metrics
