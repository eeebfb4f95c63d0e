#include <catch2/catch.hpp>

#include "credentials/iso8601.hpp"

using awsrest::parse_iso8601_utc;
using awsrest::TimePoint;

TEST_CASE("credentials: IMDS expiration times parse as UTC", "[credentials]") {
    // 2015-08-30T12:36:00Z is 1440938160 seconds after the epoch (the SigV4 suite's date).
    CHECK(parse_iso8601_utc("2015-08-30T12:36:00Z") == TimePoint{std::chrono::seconds{1440938160}});
    CHECK(parse_iso8601_utc("1970-01-01T00:00:00Z") == TimePoint{});
    CHECK(parse_iso8601_utc("2000-02-29T23:59:59Z") == TimePoint{std::chrono::seconds{951868799}});
    CHECK(parse_iso8601_utc("2015-08-30T12:36:00.000Z") == TimePoint{std::chrono::seconds{1440938160}});
    CHECK(parse_iso8601_utc("2015-08-30T12:36:00+00:00") == TimePoint{std::chrono::seconds{1440938160}});
    // The bounds: 2200-12-31T23:59:59Z is 7289654399 seconds after the epoch.
    CHECK(parse_iso8601_utc("2200-12-31T23:59:59Z") == TimePoint{std::chrono::seconds{7289654399}});
    CHECK(parse_iso8601_utc("1900-01-01T00:00:00Z") == TimePoint{std::chrono::seconds{-2208988800}});
}

TEST_CASE("credentials: impossible or foreign times are refused", "[credentials]") {
    for (const char* text : {"", "2015-08-30", "2015-08-30 12:36:00Z", "2015-08-30T12:36:00", "2015-08-30T12:36:00+02:00",
                             "2015-02-29T00:00:00Z", "2015-13-01T00:00:00Z", "2015-08-30T24:00:00Z",
                             "2015-08-30T12:60:00Z", "2015-08-30T12:36:00.Z", "2015-08-30T12:36:00Zjunk",
                             "+015-08-30T12:36:00Z", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z"}) {
        INFO(text);
        CHECK_FALSE(parse_iso8601_utc(text).has_value());
    }
}

TEST_CASE("credentials: times print as ISO 8601 UTC", "[credentials]") {
    CHECK(awsrest::format_iso8601_utc(TimePoint{std::chrono::seconds{1440938160}}) == "2015-08-30T12:36:00Z");
    CHECK(awsrest::format_iso8601_utc(TimePoint{std::chrono::seconds{951868799}}) == "2000-02-29T23:59:59Z");
}
