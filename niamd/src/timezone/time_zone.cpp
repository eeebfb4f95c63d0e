#include "timezone/time_zone.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "text/display_text.hpp"

namespace niamd::timezone {

namespace {

using namespace std::chrono;

std::int64_t read_be(std::string_view bytes, std::size_t at, std::size_t width) {
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < width; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
    if (width == 4) return static_cast<std::int32_t>(static_cast<std::uint32_t>(value));
    return static_cast<std::int64_t>(value);
}

// POSIX TZ text reading, position by position.
class RuleReader {
  public:
    explicit RuleReader(std::string_view text) : text_(text) {}
    bool done() const { return at_ == text_.size(); }
    bool take(char c) {
        if (at_ < text_.size() && text_[at_] == c) {
            ++at_;
            return true;
        }
        return false;
    }
    bool peek_any(std::string_view set) const {
        return at_ < text_.size() && set.find(text_[at_]) != std::string_view::npos;
    }
    // An abbreviation: 3 or more letters, or <...> of letters, digits, '+' and '-'.
    bool name() {
        if (take('<')) {
            const std::size_t from = at_;
            while (at_ < text_.size() && text_[at_] != '>') {
                const char c = text_[at_];
                if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-') return false;
                ++at_;
            }
            if (at_ - from < 1 || !take('>')) return false;
            return true;
        }
        const std::size_t from = at_;
        while (at_ < text_.size() && std::isalpha(static_cast<unsigned char>(text_[at_]))) ++at_;
        return at_ - from >= 3;
    }
    std::optional<int> number(int max) {
        const std::size_t from = at_;
        int value = 0;
        while (at_ < text_.size() && text_[at_] >= '0' && text_[at_] <= '9' && at_ - from < 4) {
            value = value * 10 + (text_[at_++] - '0');
        }
        if (at_ == from || value > max) return std::nullopt;
        return value;
    }
    // [+-]hh[:mm[:ss]] in seconds; `max_hours` 24 for offsets, 167 for rule times.
    std::optional<int> hms(int max_hours) {
        int sign = 1;
        if (take('-')) sign = -1;
        else take('+');
        const auto hours = number(max_hours);
        if (!hours) return std::nullopt;
        int seconds = *hours * 3600;
        if (take(':')) {
            const auto minutes = number(59);
            if (!minutes) return std::nullopt;
            seconds += *minutes * 60;
            if (take(':')) {
                const auto secs = number(59);
                if (!secs) return std::nullopt;
                seconds += *secs;
            }
        }
        return sign * seconds;
    }
    std::optional<PosixRule::Date> date() {
        PosixRule::Date date;
        if (take('M')) {
            const auto month = number(12);
            if (!month || *month < 1 || !take('.')) return std::nullopt;
            const auto week = number(5);
            if (!week || *week < 1 || !take('.')) return std::nullopt;
            const auto weekday = number(6);
            if (!weekday) return std::nullopt;
            date.kind = PosixRule::Date::Kind::MonthWeekDay;
            date.month = *month;
            date.week = *week;
            date.weekday = *weekday;
        } else if (take('J')) {
            const auto day = number(365);
            if (!day || *day < 1) return std::nullopt;
            date.kind = PosixRule::Date::Kind::JulianNoLeap;
            date.day = *day;
        } else {
            const auto day = number(365);
            if (!day) return std::nullopt;
            date.kind = PosixRule::Date::Kind::ZeroBasedDay;
            date.day = *day;
        }
        if (take('/')) {
            const auto time = hms(167);
            if (!time) return std::nullopt;
            date.time = *time;
        }
        return date;
    }

  private:
    std::string_view text_;
    std::size_t at_ = 0;
};

// Seconds from the Unix epoch to local midnight of the rule's day in `year` (in local
// terms: add the offset in force before the change to get UTC... subtracted by the caller).
std::int64_t local_day_start(const PosixRule::Date& date, int year) {
    sys_days day;
    const auto y = std::chrono::year(year);
    switch (date.kind) {
        case PosixRule::Date::Kind::MonthWeekDay: {
            const auto month = std::chrono::month(static_cast<unsigned>(date.month));
            const auto weekday = std::chrono::weekday(static_cast<unsigned>(date.weekday));
            if (date.week == 5) {
                day = sys_days(y / month / weekday[last]);
            } else {
                day = sys_days(y / month / weekday[static_cast<unsigned>(date.week)]);
            }
            break;
        }
        case PosixRule::Date::Kind::JulianNoLeap: {
            // Day 1-365, February 29 never counted.
            day = sys_days(y / January / 1) + days(date.day - 1);
            if (y.is_leap() && date.day >= 60) day += days(1);
            break;
        }
        case PosixRule::Date::Kind::ZeroBasedDay: day = sys_days(y / January / 1) + days(date.day); break;
    }
    return duration_cast<seconds>(day.time_since_epoch()).count();
}

}  // namespace

int PosixRule::offset_at(std::int64_t utc) const {
    if (!has_dst) return std_offset;
    const auto local = sys_seconds(seconds(utc + std_offset));
    const int year = static_cast<int>(year_month_day(floor<days>(local)).year());
    // Is utc within DST of `y`'s rule (start in standard time, end in DST)?
    const auto in_dst = [&](int y) {
        const std::int64_t start = local_day_start(dst_start, y) + dst_start.time - std_offset;
        const std::int64_t end = local_day_start(dst_end, y) + dst_end.time - dst_offset;
        if (start < end) return utc >= start && utc < end;
        return !(utc >= end && utc < start);  // southern hemisphere: DST spans the new year
    };
    return in_dst(year) ? dst_offset : std_offset;
}

std::optional<PosixRule> parse_posix_rule(std::string_view text) {
    RuleReader reader(text);
    PosixRule rule;
    if (!reader.name()) return std::nullopt;
    const auto std_offset = reader.hms(24);
    if (!std_offset) return std::nullopt;
    rule.std_offset = -*std_offset;  // POSIX counts west of UTC
    if (reader.done()) return rule;
    if (!reader.name()) return std::nullopt;
    rule.has_dst = true;
    rule.dst_offset = rule.std_offset + 3600;
    if (reader.peek_any("+-0123456789")) {
        const auto dst_offset = reader.hms(24);
        if (!dst_offset) return std::nullopt;
        rule.dst_offset = -*dst_offset;
    }
    // A DST name without rule: POSIX leaves the dates to the implementation; tzdata always
    // writes them, so none is taken as not valid.
    if (!reader.take(',')) return std::nullopt;
    const auto start = reader.date();
    if (!start || !reader.take(',')) return std::nullopt;
    const auto end = reader.date();
    if (!end || !reader.done()) return std::nullopt;
    rule.dst_start = *start;
    rule.dst_end = *end;
    return rule;
}

bool is_zone_name(std::string_view name) {
    if (name.empty() || name.size() > kMaxZoneNameBytes || name.front() == '/' || name.back() == '/') return false;
    if (name.find("..") != std::string_view::npos || name.find("//") != std::string_view::npos) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' || c == '_' ||
               c == '-' || c == '+';
    });
}

std::variant<std::shared_ptr<const TimeZone>, std::string> TimeZone::load(std::string_view name,
                                                                          std::string_view directory) {
    if (!is_zone_name(name))
        return "\"" + niamd::text::printable_ascii(name, kMaxZoneNameBytes) + "\" is not a time zone name";
    const auto path = std::filesystem::path(directory) / std::string(name);
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error)) {
        return "unknown time zone \"" + niamd::text::printable_ascii(name, kMaxZoneNameBytes) + "\" (no " +
               path.string() + ")";
    }
    std::ifstream in(path, std::ios::binary);
    std::string bytes;
    bytes.resize(kMaxZoneFileBytes + 1);
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    bytes.resize(static_cast<std::size_t>(in.gcount()));
    if (bytes.size() > kMaxZoneFileBytes) return path.string() + " is larger than a time zone file";
    auto parsed = parse(bytes, std::string(name));
    if (auto* why = std::get_if<std::string>(&parsed)) return path.string() + ": " + *why;
    return parsed;
}

std::variant<std::shared_ptr<const TimeZone>, std::string> TimeZone::parse(std::string_view bytes, std::string name) {
    constexpr std::size_t kHeader = 44;
    const auto header = [&](std::size_t at, std::size_t counts[6]) -> bool {
        if (bytes.size() < at + kHeader || bytes.substr(at, 4) != "TZif") return false;
        for (int i = 0; i < 6; ++i) {
            counts[i] = static_cast<std::size_t>(static_cast<std::uint32_t>(read_be(bytes, at + 20 + 4 * i, 4)));
        }
        return true;
    };
    std::size_t counts[6];  // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
    if (!header(0, counts)) return std::string("not a TZif file");
    const char version = bytes[4];
    const auto block_size = [&](std::size_t width) {
        return counts[3] * width + counts[3] + counts[4] * 6 + counts[5] + counts[2] * (width + 4) + counts[1] +
               counts[0];
    };
    for (const std::size_t count : counts) {
        if (count > kMaxZoneFileBytes) return std::string("counts out of range");
    }
    std::size_t at = kHeader;
    std::size_t width = 4;
    if (version >= '2') {
        if (bytes.size() < at + block_size(4)) return std::string("truncated");
        at += block_size(4);
        if (!header(at, counts)) return std::string("no second header");
        for (const std::size_t count : counts) {
            if (count > kMaxZoneFileBytes) return std::string("counts out of range");
        }
        at += kHeader;
        width = 8;
    }
    if (bytes.size() < at + block_size(width)) return std::string("truncated");
    if (counts[4] == 0) return std::string("no local time types");
    auto zone = std::make_shared<TimeZone>();
    zone->name_ = std::move(name);
    const std::size_t times_at = at;
    const std::size_t indices_at = times_at + counts[3] * width;
    const std::size_t types_at = indices_at + counts[3];
    std::vector<int> type_offsets;
    for (std::size_t i = 0; i < counts[4]; ++i) {
        const std::int64_t offset = read_be(bytes, types_at + 6 * i, 4);
        if (offset < -89999 || offset > 93599) return std::string("offset out of range");
        type_offsets.push_back(static_cast<int>(offset));
    }
    for (std::size_t i = 0; i < counts[3]; ++i) {
        const std::int64_t time = read_be(bytes, times_at + i * width, width);
        const auto index = static_cast<unsigned char>(bytes[indices_at + i]);
        if (index >= type_offsets.size()) return std::string("transition to an unknown type");
        if (!zone->transitions_.empty() && time <= zone->transitions_.back()) {
            return std::string("transitions out of order");
        }
        zone->transitions_.push_back(time);
        zone->offsets_after_.push_back(type_offsets[index]);
    }
    zone->initial_offset_ = type_offsets[0];
    if (width == 8) {
        const std::size_t footer_at = at + block_size(8);
        if (footer_at < bytes.size() && bytes[footer_at] == '\n') {
            const std::size_t end = bytes.find('\n', footer_at + 1);
            if (end == std::string_view::npos) return std::string("footer not ended");
            const std::string_view text = bytes.substr(footer_at + 1, end - footer_at - 1);
            if (!text.empty()) {
                zone->footer_ = parse_posix_rule(text);
                if (!zone->footer_) return "footer \"" + niamd::text::printable_ascii(text, 64) + "\" is not a TZ rule";
            }
        }
    }
    return std::shared_ptr<const TimeZone>(std::move(zone));
}

int TimeZone::offset_at(std::int64_t utc) const {
    if (transitions_.empty() || utc >= transitions_.back()) {
        if (footer_) return footer_->offset_at(utc);
        return transitions_.empty() ? initial_offset_ : offsets_after_.back();
    }
    const auto after = std::upper_bound(transitions_.begin(), transitions_.end(), utc);
    if (after == transitions_.begin()) return initial_offset_;
    return offsets_after_[static_cast<std::size_t>(std::distance(transitions_.begin(), after)) - 1];
}

}  // namespace niamd::timezone
