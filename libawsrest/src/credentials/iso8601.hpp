// UTC timestamps as IMDS writes them ("2015-08-30T12:36:00Z") and as we print them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "awsrest/clock.hpp"

namespace awsrest {

// "YYYY-MM-DDTHH:MM:SS" with optional fractional seconds, then "Z" or "+00:00", for
// years 1900 to 2200 (a TimePoint holds about 1677 to 2262). nullopt for anything else,
// including impossible dates.
std::optional<TimePoint> parse_iso8601_utc(std::string_view text);

// "YYYY-MM-DDTHH:MM:SSZ"
std::string format_iso8601_utc(TimePoint time);

}  // namespace awsrest
