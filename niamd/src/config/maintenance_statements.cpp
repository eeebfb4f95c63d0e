#include "config/maintenance_statements.hpp"

#include <array>
#include <chrono>

#include "config/metric_statements.hpp"

namespace niamd::config {
namespace {

constexpr const char* kForm =
    "MAINTENANCE needs 'MAINTENANCE ONCE host|* start end [comment]' or "
    "'MAINTENANCE WEEKLY host|* days HH:MM-HH:MM zone [comment]'";
constexpr std::size_t kMaxHostBytes = 255;

char upper_char(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (upper_char(a[i]) != upper_char(b[i])) return false;
    }
    return true;
}

std::optional<int> digits(std::string_view text, std::size_t at, std::size_t count) {
    if (text.size() < at + count) return std::nullopt;
    int value = 0;
    for (std::size_t i = at; i < at + count; ++i) {
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

// "HH:MM" at `at`: minutes of the day (24:00 allowed as the end of a day).
std::optional<int> clock_minutes(std::string_view text) {
    if (text.size() != 5 || text[2] != ':') return std::nullopt;
    const auto hours = digits(text, 0, 2);
    const auto minutes = digits(text, 3, 2);
    if (!hours || !minutes || *minutes > 59 || *hours > 24 || (*hours == 24 && *minutes != 0)) return std::nullopt;
    return *hours * 60 + *minutes;
}

bool is_host_word(std::string_view host) {
    if (host == "*") return true;
    if (host.empty() || host.size() > kMaxHostBytes) return false;
    for (const char c : host) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                        c == '_' || c == '-' || c == ':';
        if (!ok) return false;
    }
    return true;
}

std::string comment_of(const std::vector<std::string_view>& args, std::size_t from) {
    std::string comment;
    for (std::size_t i = from; i < args.size(); ++i) {
        if (!comment.empty()) comment += ' ';
        comment += args[i];
    }
    return comment;
}

}  // namespace

std::optional<std::int64_t> parse_iso_time(std::string_view text) {
    // YYYY-MM-DDTHH:MM[:SS](Z|+hh:mm|-hh:mm)
    if (text.size() < 17 || text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != 't') ||
        text[13] != ':') {
        return std::nullopt;
    }
    const auto year = digits(text, 0, 4);
    const auto month = digits(text, 5, 2);
    const auto day = digits(text, 8, 2);
    const auto hour = digits(text, 11, 2);
    const auto minute = digits(text, 14, 2);
    if (!year || !month || !day || !hour || !minute || *year < 1970 || *hour > 23 || *minute > 59) return std::nullopt;
    std::size_t at = 16;
    int second = 0;
    if (at < text.size() && text[at] == ':') {
        const auto s = digits(text, at + 1, 2);
        if (!s || *s > 59) return std::nullopt;
        second = *s;
        at += 3;
    }
    int offset = 0;
    const std::string_view zone = text.substr(at);
    if (zone == "Z" || zone == "z") {
        offset = 0;
    } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
        const auto hours = digits(zone, 1, 2);
        const auto minutes = digits(zone, 4, 2);
        if (!hours || !minutes || *hours > 23 || *minutes > 59) return std::nullopt;
        offset = (*hours * 3600 + *minutes * 60) * (zone[0] == '-' ? -1 : 1);
    } else {
        return std::nullopt;
    }
    using namespace std::chrono;
    const year_month_day date{std::chrono::year(*year), std::chrono::month(static_cast<unsigned>(*month)),
                              std::chrono::day(static_cast<unsigned>(*day))};
    if (!date.ok()) return std::nullopt;
    const std::int64_t days_since_epoch = sys_days(date).time_since_epoch().count();
    return days_since_epoch * 86400 + *hour * 3600 + *minute * 60 + second - offset;
}

std::optional<unsigned> parse_weekdays(std::string_view text) {
    static constexpr std::array<std::string_view, 7> kNames{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    const auto day_of = [](std::string_view name) -> std::optional<unsigned> {
        for (unsigned i = 0; i < kNames.size(); ++i) {
            if (equals_ignoring_case(name, kNames[i])) return i;
        }
        return std::nullopt;
    };
    if (text.empty()) return std::nullopt;
    unsigned days = 0;
    while (!text.empty()) {
        const std::size_t comma = text.find(',');
        const std::string_view part = text.substr(0, comma);
        text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
        if (comma != std::string_view::npos && text.empty()) return std::nullopt;  // a trailing comma
        const std::size_t dash = part.find('-');
        const auto first = day_of(part.substr(0, dash));
        if (!first) return std::nullopt;
        if (dash == std::string_view::npos) {
            days |= 1u << *first;
            continue;
        }
        const auto last = day_of(part.substr(dash + 1));
        if (!last) return std::nullopt;
        for (unsigned d = *first;; d = (d + 1) % 7) {  // Sat-Mon wraps over the week's end
            days |= 1u << d;
            if (d == *last) break;
        }
    }
    return days;
}

std::variant<MaintenanceSpec, std::string> read_maintenance(const std::vector<std::string_view>& args) {
    if (args.size() < 2) return std::string(kForm);
    MaintenanceSpec spec;
    if (!is_host_word(args[1]))
        return "MAINTENANCE host " + quote_input(args[1]) + " is not a host name, instance id or *";
    spec.host = std::string(args[1]);
    if (equals_ignoring_case(args[0], "ONCE")) {
        if (args.size() < 4) return std::string(kForm);
        spec.kind = MaintenanceSpec::Kind::Once;
        const auto starts = parse_iso_time(args[2]);
        const auto ends = parse_iso_time(args[3]);
        if (!starts)
            return "MAINTENANCE ONCE start " + quote_input(args[2]) + " is not an ISO-8601 time like 2026-03-29T02:00Z";
        if (!ends)
            return "MAINTENANCE ONCE end " + quote_input(args[3]) +
                   " is not an ISO-8601 time like 2026-03-29T04:00+02:00";
        if (*ends <= *starts) return std::string("MAINTENANCE ONCE end is not after its start");
        spec.starts = *starts;
        spec.ends = *ends;
        spec.comment = comment_of(args, 4);
    } else if (equals_ignoring_case(args[0], "WEEKLY")) {
        if (args.size() < 5) return std::string(kForm);
        spec.kind = MaintenanceSpec::Kind::Weekly;
        const auto days = parse_weekdays(args[2]);
        if (!days) return "MAINTENANCE WEEKLY days " + quote_input(args[2]) + " are not like Mon,Tue or Sat-Sun";
        spec.days = *days;
        const std::string_view hours = args[3];
        const std::size_t dash = hours.find('-');
        const auto from = clock_minutes(hours.substr(0, dash));
        const auto to = dash == std::string_view::npos ? std::nullopt : clock_minutes(hours.substr(dash + 1));
        if (!from || !to || *from == 24 * 60) {
            return "MAINTENANCE WEEKLY hours " + quote_input(hours) + " are not like 02:00-04:00";
        }
        if (*from == *to) return std::string("MAINTENANCE WEEKLY hours are an empty window");
        spec.from_minute = *from;
        spec.to_minute = *to;
        auto zone = timezone::TimeZone::load(args[4]);
        if (auto* why = std::get_if<std::string>(&zone)) return "MAINTENANCE WEEKLY zone: " + *why;
        spec.zone = std::get<std::shared_ptr<const timezone::TimeZone>>(std::move(zone));
        spec.comment = comment_of(args, 5);
    } else {
        return std::string(kForm);
    }
    if (spec.comment.size() > kMaxMaintenanceCommentBytes) {
        return "MAINTENANCE comment longer than " + std::to_string(kMaxMaintenanceCommentBytes) + " bytes";
    }
    return spec;
}

}  // namespace niamd::config
