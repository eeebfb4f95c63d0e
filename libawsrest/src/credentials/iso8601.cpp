#include "credentials/iso8601.hpp"

#include <chrono>
#include <cstdio>

namespace awsrest {

namespace {

// Reads exactly `digits` decimal digits at `pos`.
std::optional<int> read_number(std::string_view text, std::size_t pos, std::size_t digits) {
    if (pos + digits > text.size()) return std::nullopt;
    int value = 0;
    for (std::size_t i = pos; i < pos + digits; ++i) {
        const char c = text[i];
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

bool expect(std::string_view text, std::size_t pos, char c) { return pos < text.size() && text[pos] == c; }

// TimePoint counts nanoseconds in 64 bits: about 1677 to 2262. Years outside this range
// are refused well inside it.
constexpr int kMinYear = 1900;
constexpr int kMaxYear = 2200;

}  // namespace

std::optional<TimePoint> parse_iso8601_utc(std::string_view text) {
    // 0123456789012345678
    // YYYY-MM-DDTHH:MM:SS
    const auto year = read_number(text, 0, 4);
    const auto month = read_number(text, 5, 2);
    const auto day = read_number(text, 8, 2);
    const auto hour = read_number(text, 11, 2);
    const auto minute = read_number(text, 14, 2);
    const auto second = read_number(text, 17, 2);
    if (!year || !month || !day || !hour || !minute || !second) return std::nullopt;
    if (!expect(text, 4, '-') || !expect(text, 7, '-') || !(expect(text, 10, 'T') || expect(text, 10, 't')) ||
        !expect(text, 13, ':') || !expect(text, 16, ':')) {
        return std::nullopt;
    }
    if (*year < kMinYear || *year > kMaxYear) return std::nullopt;
    if (*hour > 23 || *minute > 59 || *second > 59) return std::nullopt;

    std::size_t pos = 19;
    if (expect(text, pos, '.')) {
        ++pos;
        const std::size_t digits_start = pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
        if (pos == digits_start) return std::nullopt;
    }
    const std::string_view zone = text.substr(pos);
    if (zone != "Z" && zone != "z" && zone != "+00:00") return std::nullopt;

    const std::chrono::year_month_day date{std::chrono::year{*year}, std::chrono::month{static_cast<unsigned>(*month)},
                                           std::chrono::day{static_cast<unsigned>(*day)}};
    if (!date.ok()) return std::nullopt;
    const std::chrono::sys_days days{date};
    return TimePoint{std::chrono::duration_cast<TimePoint::duration>(
        days.time_since_epoch() + std::chrono::hours{*hour} + std::chrono::minutes{*minute} +
        std::chrono::seconds{*second})};
}

std::string format_iso8601_utc(TimePoint time) {
    const auto seconds = std::chrono::floor<std::chrono::seconds>(time);
    const auto days = std::chrono::floor<std::chrono::days>(seconds);
    const std::chrono::year_month_day date{days};
    const std::chrono::hh_mm_ss clock{seconds - days};
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                  static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
                  static_cast<int>(clock.seconds().count()));
    return text;
}

}  // namespace awsrest
