// The two time formats S3 answers with: HTTP dates in headers (Last-Modified) and
// ISO 8601 in XML bodies (<LastModified>). Years 1900 to 2200 only: a TimePoint cannot
// hold much more.
#pragma once

#include <optional>
#include <string_view>

#include "awsrest/clock.hpp"

namespace awsrest::s3 {

// RFC 9110 IMF-fixdate, "Wed, 21 Oct 2015 07:28:00 GMT". nullopt when it is not one.
std::optional<TimePoint> parse_http_date(std::string_view text);

// "2009-10-12T17:50:30.000Z" (fraction optional, UTC 'Z' only). nullopt otherwise.
std::optional<TimePoint> parse_iso8601_utc(std::string_view text);

}  // namespace awsrest::s3
