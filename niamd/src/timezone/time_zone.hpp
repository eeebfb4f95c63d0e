// TimeZone: the UTC offset of an IANA time zone at any instant, read from the system's
// tzdata (TZif files under /usr/share/zoneinfo, RFC 8536): its transitions, and past the
// last one the POSIX TZ rule of the file's footer (e.g. "CET-1CEST,M3.5.0,M10.5.0/3"), so
// both "fat" and "slim" files give the right offset in any year. g++ 12's libstdc++ has no
// std::chrono::locate_zone; this is the small part of it the maintenance windows need.
//
//   auto zone = timezone::TimeZone::load("Europe/Paris");   // or an error naming why
//   int offset = zone->offset_at(unix_seconds);              // seconds east of UTC
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace niamd::timezone {

inline constexpr std::string_view kZoneDirectory = "/usr/share/zoneinfo";
inline constexpr std::size_t kMaxZoneFileBytes = 256 * 1024;  // the largest zone is ~3 KB
inline constexpr std::size_t kMaxZoneNameBytes = 64;

// A POSIX TZ rule as in a TZif footer: standard offset, and optionally a DST offset with
// the local times it starts and ends each year.
struct PosixRule {
    struct Date {
        enum class Kind { MonthWeekDay, JulianNoLeap, ZeroBasedDay } kind = Kind::MonthWeekDay;
        int month = 0, week = 0, weekday = 0;  // Mm.w.d: week 5 is the last; weekday 0 is Sunday
        int day = 0;                           // Jn (1-365, no Feb 29) or n (0-365)
        int time = 7200;                       // seconds after local midnight (may be negative or > 24 h)
    };
    int std_offset = 0;  // seconds east of UTC
    bool has_dst = false;
    int dst_offset = 0;
    Date dst_start, dst_end;

    int offset_at(std::int64_t utc) const;
};
// (No <filesystem> here: its std::quoted would be found by ADL in the parts that have a quoted().)
// Reads "CET-1CEST,M3.5.0,M10.5.0/3"; nullopt when it is not a valid rule.
std::optional<PosixRule> parse_posix_rule(std::string_view text);

class TimeZone {
  public:
    // `name` like "Europe/Paris" or "UTC": letters, digits, '/', '_', '-', '+', no "..".
    static std::variant<std::shared_ptr<const TimeZone>, std::string> load(std::string_view name,
                                                                           std::string_view directory = kZoneDirectory);
    // The bytes of a TZif file (version 2 or later; version 1 files are read by their 32-bit data).
    static std::variant<std::shared_ptr<const TimeZone>, std::string> parse(std::string_view bytes, std::string name);

    const std::string& name() const noexcept { return name_; }
    int offset_at(std::int64_t utc) const;  // seconds east of UTC

  private:
    std::string name_;
    std::vector<std::int64_t> transitions_;  // ascending, Unix seconds
    std::vector<int> offsets_after_;         // the offset from each transition on
    int initial_offset_ = 0;                 // before the first transition
    std::optional<PosixRule> footer_;        // after the last one
};

bool is_zone_name(std::string_view name);

}  // namespace niamd::timezone
