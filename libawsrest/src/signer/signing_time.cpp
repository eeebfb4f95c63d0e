// amz_date, amz_day and parse_amz_date: the public face of core/time_text's SigV4 forms.
#include <string>

#include "awsrest/signer.hpp"
#include "core/excerpt.hpp"
#include "core/time_text.hpp"

namespace awsrest {

namespace {

// The signer reads signing times of this century and the next two only.
constexpr time_text::YearRange kSigningYears = time_text::kUnixEraYears;

Error date_error(std::string_view text, time_text::TimeTextFault fault) {
    constexpr std::size_t kShown = 40;
    return make_error(ErrorKind::Parse, "invalid date '" + excerpt::shown(text, kShown) +
                                            "': " + time_text::describe(fault, kSigningYears) +
                                            " (expected 20150830T123600Z or 2015-08-30T12:36:00Z)");
}

}  // namespace

std::string amz_date(TimePoint time) { return std::string(time_text::AmzTime(time).date()); }

std::string amz_day(TimePoint time) { return std::string(time_text::AmzTime(time).day()); }

Result<TimePoint> parse_amz_date(std::string_view text) {
    const bool iso = text.size() >= 5 && text[4] == '-';
    const time_text::TimeReading reading =
        iso ? time_text::read_iso8601_utc(text, time_text::IsoUtcForms::ZuluOnly, kSigningYears)
            : time_text::read_amz_basic(text, kSigningYears);
    if (!reading.time) return date_error(text, reading.fault);
    return *reading.time;
}

}  // namespace awsrest
