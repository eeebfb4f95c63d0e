// The HTTP Date header (RFC 7231 IMF-fixdate, the RFC 1123 form AWS sends):
// "Sun, 06 Nov 1994 08:49:37 GMT".
#pragma once

#include <optional>
#include <string_view>

#include "awsrest/clock.hpp"

namespace awsrest::client {

// nullopt for anything else; the weekday is optional and not checked against the date.
std::optional<TimePoint> parse_http_date(std::string_view text);

}  // namespace awsrest::client
