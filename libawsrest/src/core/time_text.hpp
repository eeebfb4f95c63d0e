// Times as text, in the forms AWS writes and reads them: ISO 8601 UTC (IMDS, EC2 and S3
// bodies), HTTP dates (Date and Last-Modified headers) and the SigV4 basic form
// ("20150830T123600Z"). UTC calendar arithmetic only: no locale, no tz database. Private.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "awsrest/clock.hpp"

namespace awsrest::time_text {

// The years a reader accepts. A TimePoint counts nanoseconds in 64 bits (about 1677 to
// 2262), so every range lies well inside that and no reading can overflow one.
struct YearRange {
    int first;
    int last;
};
inline constexpr YearRange kTimePointYears{1900, 2200};
inline constexpr YearRange kUnixEraYears{1970, 2200};  // nothing AWS dates is older

// What is wrong with a text that is not a time.
enum class TimeTextFault { Layout, Digits, Fraction, Zone, Year, Day, TimeOfDay };

// A phrase for an error message, e.g. "year out of range 1970-2200".
std::string describe(TimeTextFault fault, YearRange years);

// The outcome of reading a time: the time, or why the text is not one.
struct TimeReading {
    std::optional<TimePoint> time;
    TimeTextFault fault = TimeTextFault::Layout;  // meaningful only without a time
};

// Which marks an ISO 8601 time may use.
enum class IsoUtcForms {
    ZuluOnly,  // 'T' between date and time, 'Z' at the end
    Rfc3339,   // also 't', 'z' and "+00:00"
};

// At most nanoseconds: a longer fraction is refused.
inline constexpr std::size_t kMaxFractionDigits = 9;

// "YYYY-MM-DDTHH:MM:SS", an optional '.' and 1 to 9 digits, then the UTC mark.
// Seconds 00 to 59; impossible dates are refused.
TimeReading read_iso8601_utc(std::string_view text, IsoUtcForms forms, YearRange years);
std::optional<TimePoint> parse_iso8601_utc(std::string_view text, IsoUtcForms forms = IsoUtcForms::Rfc3339,
                                           YearRange years = kTimePointYears);

// "YYYY-MM-DDTHH:MM:SSZ", whole seconds.
std::string format_iso8601_utc(TimePoint time);

// The SigV4 basic form "YYYYMMDDTHHMMSSZ", whole seconds.
TimeReading read_amz_basic(std::string_view text, YearRange years);

// The SigV4 basic form of a time, formatted without allocating.
class AmzTime {
  public:
    explicit AmzTime(TimePoint time) noexcept;
    std::string_view date() const noexcept { return {text_, 16}; }  // "20150830T123600Z"
    std::string_view day() const noexcept { return {text_, 8}; }    // "20150830"

  private:
    char text_[16];
};

// Which HTTP date forms a reader accepts.
enum class HttpDateForms {
    ImfFixdate,  // RFC 9110 exactly: "Wed, 21 Oct 2015 07:28:00 GMT"
    Rfc1123,     // also no weekday, a one-digit day, "UTC", and runs of spaces
};

// Years 1900 to 2200; seconds 00 to 60 (a leap second); the weekday is not checked
// against the date. nullopt for anything else.
std::optional<TimePoint> parse_http_date(std::string_view text, HttpDateForms forms);

}  // namespace awsrest::time_text
