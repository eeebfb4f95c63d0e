// The master's maintenance windows (docs/silences.md):
//   MAINTENANCE ONCE   host|*  2026-03-29T02:00Z  2026-03-29T04:00+02:00  [comment...]
//   MAINTENANCE WEEKLY host|*  Mon,Wed | Sat-Sun   02:00-04:00  Europe/Paris  [comment...]
// ONCE takes ISO-8601 times with seconds optional and an explicit zone (Z or +hh:mm); WEEKLY
// takes days (Mon..Sun, comma-separated, ranges a-b that may wrap), local times of the IANA
// zone (read from the system's tzdata here, so an unknown zone is a problem of the line) and
// may span midnight (22:00-02:00: from 22:00 of each day named to 02:00 of the next).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "config/host_config.hpp"

namespace niamd::config {

std::variant<MaintenanceSpec, std::string> read_maintenance(const std::vector<std::string_view>& args);

// "2026-03-29T02:00:00Z", "2026-03-29T04:00+02:00": Unix seconds; nullopt when not that form.
std::optional<std::int64_t> parse_iso_time(std::string_view text);
// "Mon,Tue", "Sat-Sun", "Mon-Fri,Sun": bit 0 Monday ... bit 6 Sunday; nullopt when bad.
std::optional<unsigned> parse_weekdays(std::string_view text);

}  // namespace niamd::config
