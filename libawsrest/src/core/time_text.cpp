#include "core/time_text.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <limits>

namespace awsrest::time_text {

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

bool char_at(std::string_view text, std::size_t pos, char expected) {
    return pos < text.size() && text[pos] == expected;
}

TimeReading fault(TimeTextFault why) { return TimeReading{std::nullopt, why}; }

struct CivilTime {
    int year, month, day, hour, minute, second;
};

// Where the fields of a fixed-width form start: 4 digits of year, 2 of each other field.
struct FieldLayout {
    std::size_t year, month, day, hour, minute, second;
};

std::optional<CivilTime> read_fields(std::string_view text, const FieldLayout& at) {
    const auto year = digits(text, at.year, 4);
    const auto month = digits(text, at.month, 2);
    const auto day = digits(text, at.day, 2);
    const auto hour = digits(text, at.hour, 2);
    const auto minute = digits(text, at.minute, 2);
    const auto second = digits(text, at.second, 2);
    if (!year || !month || !day || !hour || !minute || !second) return std::nullopt;
    return CivilTime{*year, *month, *day, *hour, *minute, *second};
}

// The calendar checks every form shares, in the order their messages are most useful.
TimeReading make_time(const CivilTime& at, int last_second, YearRange years, std::chrono::nanoseconds fraction = {}) {
    using namespace std::chrono;
    if (at.year < years.first || at.year > years.last) return fault(TimeTextFault::Year);
    const year_month_day date{std::chrono::year{at.year}, std::chrono::month{static_cast<unsigned>(at.month)},
                              std::chrono::day{static_cast<unsigned>(at.day)}};
    if (!date.ok()) return fault(TimeTextFault::Day);
    if (at.hour > 23 || at.minute > 59 || at.second > last_second) return fault(TimeTextFault::TimeOfDay);
    const TimePoint whole = TimePoint{sys_days{date}} + hours{at.hour} + minutes{at.minute} + seconds{at.second};
    return TimeReading{whole + duration_cast<TimePoint::duration>(fraction), TimeTextFault::Layout};
}

void put_digits(char* out, unsigned value, int count) noexcept {
    for (int i = count - 1; i >= 0; --i) {
        out[i] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
}

// A text read from the front: the HTTP date grammar.
class Cursor {
  public:
    explicit Cursor(std::string_view text) : text_(text) {}

    void skip_spaces() {
        while (!text_.empty() && text_.front() == ' ') text_.remove_prefix(1);
    }
    bool literal(char c) {
        if (text_.empty() || text_.front() != c) return false;
        text_.remove_prefix(1);
        return true;
    }
    // Between min_digits and max_digits decimal digits.
    std::optional<int> number(std::size_t min_digits, std::size_t max_digits) {
        int value = 0;
        std::size_t count = 0;
        while (count < max_digits && count < text_.size() && text_[count] >= '0' && text_[count] <= '9') {
            value = value * 10 + (text_[count] - '0');
            ++count;
        }
        if (count < min_digits) return std::nullopt;
        text_.remove_prefix(count);
        return value;
    }
    std::string_view word() {
        std::size_t count = 0;
        while (count < text_.size() &&
               ((text_[count] >= 'A' && text_[count] <= 'Z') || (text_[count] >= 'a' && text_[count] <= 'z'))) {
            ++count;
        }
        const auto out = text_.substr(0, count);
        text_.remove_prefix(count);
        return out;
    }
    bool done() const { return text_.empty(); }

  private:
    std::string_view text_;
};

std::optional<int> month_number(std::string_view name) {
    constexpr std::array<std::string_view, 12> names = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (names[i] == name) return static_cast<int>(i) + 1;
    }
    return std::nullopt;
}

}  // namespace

std::string describe(TimeTextFault why, YearRange years) {
    switch (why) {
        case TimeTextFault::Layout: return "malformed ISO 8601 date";
        case TimeTextFault::Digits: return "expected digits and 'T' at fixed places";
        case TimeTextFault::Fraction: return "expected 1 to 9 digits after '.'";
        case TimeTextFault::Zone: return "expected 'Z' at the end";
        case TimeTextFault::Year:
            return "year out of range " + std::to_string(years.first) + "-" + std::to_string(years.last);
        case TimeTextFault::Day: return "no such day";
        case TimeTextFault::TimeOfDay: return "time of day out of range";
    }
    return "not a time";
}

TimeReading read_iso8601_utc(std::string_view text, IsoUtcForms forms, YearRange years) {
    // 0123456789012345678
    // YYYY-MM-DDTHH:MM:SS
    constexpr std::size_t kSecondsEnd = 19;
    const bool rfc3339 = forms == IsoUtcForms::Rfc3339;
    if (text.size() < kSecondsEnd + 1 || !char_at(text, 4, '-') || !char_at(text, 7, '-') || !char_at(text, 13, ':') ||
        !char_at(text, 16, ':')) {
        return fault(TimeTextFault::Layout);
    }
    const auto fields = read_fields(text, {0, 5, 8, 11, 14, 17});
    const bool t = char_at(text, 10, 'T') || (rfc3339 && char_at(text, 10, 't'));
    if (!fields || !t) return fault(TimeTextFault::Digits);

    std::size_t pos = kSecondsEnd;
    std::chrono::nanoseconds fraction{0};
    if (char_at(text, pos, '.')) {
        const std::size_t start = ++pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
        const std::size_t count = pos - start;
        if (count == 0 || count > kMaxFractionDigits) return fault(TimeTextFault::Fraction);
        long long nanos = *digits(text, start, count);
        for (std::size_t i = count; i < kMaxFractionDigits; ++i) nanos *= 10;
        fraction = std::chrono::nanoseconds{nanos};
    }
    const std::string_view zone = text.substr(pos);
    if (zone != "Z" && !(rfc3339 && (zone == "z" || zone == "+00:00"))) return fault(TimeTextFault::Zone);
    return make_time(*fields, 59, years, fraction);
}

std::optional<TimePoint> parse_iso8601_utc(std::string_view text, IsoUtcForms forms, YearRange years) {
    return read_iso8601_utc(text, forms, years).time;
}

std::string format_iso8601_utc(TimePoint time) {
    const AmzTime basic(time);
    const std::string_view b = basic.date();  // "YYYYMMDDTHHMMSSZ"
    std::string out;
    out.reserve(20);
    out.append(b.substr(0, 4)).append("-").append(b.substr(4, 2)).append("-").append(b.substr(6, 2));
    out.append("T").append(b.substr(9, 2)).append(":").append(b.substr(11, 2)).append(":").append(b.substr(13, 3));
    return out;
}

TimeReading read_amz_basic(std::string_view text, YearRange years) {
    // 0123456789012345
    // YYYYMMDDTHHMMSSZ
    constexpr std::size_t kSecondsEnd = 15;
    const auto fields = read_fields(text, {0, 4, 6, 9, 11, 13});
    if (!fields || !char_at(text, 8, 'T')) return fault(TimeTextFault::Digits);
    if (text.substr(kSecondsEnd) != "Z") return fault(TimeTextFault::Zone);
    return make_time(*fields, 59, years);
}

AmzTime::AmzTime(TimePoint time) noexcept {
    using namespace std::chrono;
    const auto seconds = floor<std::chrono::seconds>(time);
    // Signing many requests within one second is common: each thread keeps its last one.
    thread_local std::chrono::seconds last_seconds{std::numeric_limits<std::int64_t>::min()};
    thread_local char last_text[sizeof text_];
    if (seconds.time_since_epoch() == last_seconds) {
        std::memcpy(text_, last_text, sizeof text_);
        return;
    }
    const auto day_start = floor<days>(seconds);
    const year_month_day ymd{day_start};
    const hh_mm_ss clock{seconds - day_start};
    const int year = static_cast<int>(ymd.year());
    put_digits(text_, static_cast<unsigned>(year < 0 ? 0 : year), 4);
    put_digits(text_ + 4, static_cast<unsigned>(ymd.month()), 2);
    put_digits(text_ + 6, static_cast<unsigned>(ymd.day()), 2);
    text_[8] = 'T';
    put_digits(text_ + 9, static_cast<unsigned>(clock.hours().count()), 2);
    put_digits(text_ + 11, static_cast<unsigned>(clock.minutes().count()), 2);
    put_digits(text_ + 13, static_cast<unsigned>(clock.seconds().count()), 2);
    text_[15] = 'Z';
    last_seconds = seconds.time_since_epoch();
    std::memcpy(last_text, text_, sizeof text_);
}

std::optional<TimePoint> parse_http_date(std::string_view text, HttpDateForms forms) {
    const bool strict = forms == HttpDateForms::ImfFixdate;
    // Strictly one space; otherwise any run of spaces, or none.
    const auto gap = [strict](Cursor& at) {
        if (strict) return at.literal(' ');
        at.skip_spaces();
        return true;
    };
    Cursor in(text);
    if (!strict) in.skip_spaces();
    {
        Cursor peek = in;
        const std::string_view weekday = peek.word();
        const bool named = strict ? weekday.size() == 3 : !weekday.empty();
        if (named && peek.literal(',') && gap(peek)) {
            in = peek;  // "Sun, "
        } else if (strict) {
            return std::nullopt;
        }
    }
    const auto day = in.number(strict ? 2 : 1, 2);
    if (!day || !gap(in)) return std::nullopt;
    const auto month = month_number(in.word());
    if (!month || !gap(in)) return std::nullopt;
    const auto year = in.number(4, 4);
    if (!year || !gap(in)) return std::nullopt;
    const auto hour = in.number(2, 2);
    if (!hour || !in.literal(':')) return std::nullopt;
    const auto minute = in.number(2, 2);
    if (!minute || !in.literal(':')) return std::nullopt;
    const auto second = in.number(2, 2);
    if (!second || !gap(in)) return std::nullopt;
    const auto zone = in.word();
    if (!strict) in.skip_spaces();
    if ((zone != "GMT" && (strict || zone != "UTC")) || !in.done()) return std::nullopt;
    return make_time({*year, *month, *day, *hour, *minute, *second}, 60, kTimePointYears).time;
}

}  // namespace awsrest::time_text
