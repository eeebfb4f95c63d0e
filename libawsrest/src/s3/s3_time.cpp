#include "s3/s3_time.hpp"

#include <array>
#include <chrono>
#include <cstddef>

namespace awsrest::s3 {

namespace {

// Reads exactly `width` decimal digits at `pos`.
std::optional<int> digits(std::string_view text, std::size_t pos, std::size_t width) {
    if (pos + width > text.size()) return std::nullopt;
    int value = 0;
    for (std::size_t i = pos; i < pos + width; ++i) {
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

// A TimePoint counts nanoseconds in 64 bits (about 1677 to 2262): years outside this
// range would overflow it.
constexpr int kMinYear = 1900;
constexpr int kMaxYear = 2200;

std::optional<TimePoint> make_time(int year, int month, int day, int hour, int minute, int second) {
    using namespace std::chrono;
    if (year < kMinYear || year > kMaxYear) return std::nullopt;
    const year_month_day date{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                              std::chrono::day{static_cast<unsigned>(day)}};
    if (!date.ok() || hour > 23 || minute > 59 || second > 60) return std::nullopt;
    return TimePoint{sys_days{date}} + hours{hour} + minutes{minute} + seconds{second};
}

bool char_at(std::string_view text, std::size_t pos, char expected) {
    return pos < text.size() && text[pos] == expected;
}

}  // namespace

std::optional<TimePoint> parse_http_date(std::string_view text) {
    // "Wed, 21 Oct 2015 07:28:00 GMT": 29 characters, fixed positions.
    constexpr std::size_t kLength = 29;
    static constexpr std::array<std::string_view, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    if (text.size() != kLength || !char_at(text, 3, ',') || !char_at(text, 4, ' ') || !char_at(text, 7, ' ') ||
        !char_at(text, 11, ' ') || !char_at(text, 16, ' ') || !char_at(text, 19, ':') ||
        !char_at(text, 22, ':') || text.substr(25) != " GMT") {
        return std::nullopt;
    }
    int month = 0;
    for (std::size_t i = 0; i < kMonths.size(); ++i) {
        if (text.substr(8, 3) == kMonths[i]) month = static_cast<int>(i) + 1;
    }
    const auto day = digits(text, 5, 2);
    const auto year = digits(text, 12, 4);
    const auto hour = digits(text, 17, 2);
    const auto minute = digits(text, 20, 2);
    const auto second = digits(text, 23, 2);
    if (month == 0 || !day || !year || !hour || !minute || !second) return std::nullopt;
    return make_time(*year, month, *day, *hour, *minute, *second);
}

std::optional<TimePoint> parse_iso8601_utc(std::string_view text) {
    // "2009-10-12T17:50:30" then an optional ".fff" then "Z".
    constexpr std::size_t kSecondsEnd = 19;
    constexpr std::size_t kMaxFractionDigits = 9;
    if (text.size() < kSecondsEnd + 1 || !char_at(text, 4, '-') || !char_at(text, 7, '-') ||
        !char_at(text, 10, 'T') || !char_at(text, 13, ':') || !char_at(text, 16, ':') || text.back() != 'Z') {
        return std::nullopt;
    }
    const auto year = digits(text, 0, 4);
    const auto month = digits(text, 5, 2);
    const auto day = digits(text, 8, 2);
    const auto hour = digits(text, 11, 2);
    const auto minute = digits(text, 14, 2);
    const auto second = digits(text, 17, 2);
    if (!year || !month || !day || !hour || !minute || !second) return std::nullopt;

    std::chrono::nanoseconds fraction{0};
    const std::string_view rest = text.substr(kSecondsEnd, text.size() - kSecondsEnd - 1);
    if (!rest.empty()) {
        const std::size_t count = rest.size() - 1;
        if (rest[0] != '.' || count == 0 || count > kMaxFractionDigits) return std::nullopt;
        const auto value = digits(rest, 1, count);
        if (!value) return std::nullopt;
        long long nanos = *value;
        for (std::size_t i = count; i < kMaxFractionDigits; ++i) nanos *= 10;
        fraction = std::chrono::nanoseconds{nanos};
    }
    const auto whole = make_time(*year, *month, *day, *hour, *minute, *second);
    if (!whole) return std::nullopt;
    return *whole + std::chrono::duration_cast<TimePoint::duration>(fraction);
}

}  // namespace awsrest::s3
