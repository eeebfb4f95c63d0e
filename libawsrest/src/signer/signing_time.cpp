// amz_date, amz_day and parse_amz_date: UTC calendar arithmetic, no locale, no tz database.
#include "signer/signing_time.hpp"

#include <chrono>
#include <cstring>
#include <limits>
#include <string>

#include "awsrest/signer.hpp"

namespace awsrest {

namespace signer_detail {

namespace {

void put_digits(char* out, unsigned value, int count) noexcept {
    for (int i = count - 1; i >= 0; --i) {
        out[i] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
}

}  // namespace

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

}  // namespace signer_detail

std::string amz_date(TimePoint time) { return std::string(signer_detail::AmzTime(time).date()); }

std::string amz_day(TimePoint time) { return std::string(signer_detail::AmzTime(time).day()); }

namespace {

// Reads `count` digits at `position`; false when any is not a digit.
bool read_digits(std::string_view text, std::size_t position, std::size_t count, int& value) noexcept {
    if (position + count > text.size()) return false;
    value = 0;
    for (std::size_t i = position; i < position + count; ++i) {
        if (text[i] < '0' || text[i] > '9') return false;
        value = value * 10 + (text[i] - '0');
    }
    return true;
}

Error date_error(std::string_view text, std::string_view why) {
    constexpr std::size_t kShown = 40;
    std::string shown(text.substr(0, kShown));
    for (char& c : shown) {
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) c = '?';
    }
    if (text.size() > kShown) shown += "...";
    return make_error(ErrorKind::Parse, "invalid date '" + shown + "': " + std::string(why) +
                                            " (expected 20150830T123600Z or 2015-08-30T12:36:00Z)");
}

}  // namespace

Result<TimePoint> parse_amz_date(std::string_view text) {
    // Field positions in the compact and in the ISO 8601 form.
    struct Layout {
        std::size_t year, month, day, t, hour, minute, second, end;
    };
    constexpr Layout kCompact{0, 4, 6, 8, 9, 11, 13, 15};
    constexpr Layout kIso{0, 5, 8, 10, 11, 14, 17, 19};
    const bool iso = text.size() >= 5 && text[4] == '-';
    const Layout& at = iso ? kIso : kCompact;
    if (iso && (text.size() < 20 || text[7] != '-' || text[13] != ':' || text[16] != ':')) {
        return date_error(text, "malformed ISO 8601 date");
    }
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!read_digits(text, at.year, 4, year) || !read_digits(text, at.month, 2, month) ||
        !read_digits(text, at.day, 2, day) || !read_digits(text, at.hour, 2, hour) ||
        !read_digits(text, at.minute, 2, minute) || !read_digits(text, at.second, 2, second) ||
        text.size() <= at.t || text[at.t] != 'T') {
        return date_error(text, "expected digits and 'T' at fixed places");
    }
    std::size_t position = at.end;
    std::chrono::nanoseconds fraction{0};
    if (iso && position < text.size() && text[position] == '.') {
        ++position;
        const std::size_t start = position;
        long long nanos = 0;
        while (position < text.size() && text[position] >= '0' && text[position] <= '9') {
            if (position - start < 9) nanos = nanos * 10 + (text[position] - '0');
            ++position;
        }
        if (position == start) return date_error(text, "no digits after '.'");
        for (std::size_t digits = position - start; digits < 9; ++digits) nanos *= 10;
        fraction = std::chrono::nanoseconds(nanos);
    }
    if (position + 1 != text.size() || text[position] != 'Z') return date_error(text, "expected 'Z' at the end");

    using namespace std::chrono;
    // The range system_clock's nanosecond time points hold comfortably.
    if (year < 1970 || year > 2200) return date_error(text, "year out of range 1970-2200");
    const year_month_day ymd{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                             std::chrono::day{static_cast<unsigned>(day)}};
    if (!ymd.ok()) return date_error(text, "no such day");
    if (hour > 23 || minute > 59 || second > 59) return date_error(text, "time of day out of range");
    const sys_days days_since_epoch{ymd};
    const TimePoint time = time_point_cast<TimePoint::duration>(
        days_since_epoch + hours{hour} + minutes{minute} + seconds{second} +
        duration_cast<TimePoint::duration>(fraction));
    return time;
}

}  // namespace awsrest
