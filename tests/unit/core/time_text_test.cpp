// Times as text: ISO 8601 UTC, HTTP dates and the SigV4 basic form, against hand-computed
// Unix times (`date -u -d '...' +%s`). parse_amz_date's rows live in signer_test.cpp.
#include <catch2/catch.hpp>

#include "core/time_text.hpp"

using awsrest::TimePoint;
using awsrest::time_text::HttpDateForms;
using awsrest::time_text::IsoUtcForms;
using awsrest::time_text::parse_http_date;
using awsrest::time_text::parse_iso8601_utc;

namespace {
TimePoint unix_time(long long seconds) { return TimePoint{std::chrono::seconds{seconds}}; }
}  // namespace

TEST_CASE("core: ISO 8601 UTC times parse, with or without a fraction", "[core][time]") {
    for (const auto forms : {IsoUtcForms::ZuluOnly, IsoUtcForms::Rfc3339}) {
        // 2015-08-30T12:36:00Z is 1440938160 seconds after the epoch (the SigV4 suite's date).
        CHECK(parse_iso8601_utc("2015-08-30T12:36:00Z", forms) == unix_time(1440938160));
        CHECK(parse_iso8601_utc("1970-01-01T00:00:00Z", forms) == TimePoint{});
        CHECK(parse_iso8601_utc("2000-02-29T23:59:59Z", forms) == unix_time(951868799));
        CHECK(parse_iso8601_utc("2015-08-30T12:36:00.000Z", forms) == unix_time(1440938160));
        CHECK(parse_iso8601_utc("2009-10-12T17:50:30.000Z", forms) == unix_time(1255369830));
        CHECK(parse_iso8601_utc("2009-10-12T17:50:30Z", forms) == unix_time(1255369830));
        CHECK(parse_iso8601_utc("2009-10-12T17:50:30.5Z", forms) ==
              unix_time(1255369830) + std::chrono::milliseconds(500));
        // The bounds: 2200-12-31T23:59:59Z is 7289654399 seconds after the epoch.
        CHECK(parse_iso8601_utc("2200-12-31T23:59:59Z", forms) == unix_time(7289654399));
        CHECK(parse_iso8601_utc("1900-01-01T00:00:00Z", forms) == unix_time(-2208988800));
    }
    // RFC 3339's other marks, as IMDS may write them.
    CHECK(parse_iso8601_utc("2015-08-30T12:36:00+00:00") == unix_time(1440938160));
    CHECK_FALSE(parse_iso8601_utc("2015-08-30T12:36:00+00:00", IsoUtcForms::ZuluOnly));
}

TEST_CASE("core: impossible or foreign ISO 8601 times are refused", "[core][time]") {
    for (const auto forms : {IsoUtcForms::ZuluOnly, IsoUtcForms::Rfc3339}) {
        for (const char* text : {"",
                                 "Z",
                                 "2015-08-30",
                                 "2015-08-30 12:36:00Z",
                                 "2015-08-30T12:36:00",
                                 "2015-08-30T12:36:00+02:00",
                                 "2009-10-12T17:50:30+01:00",
                                 "2015-02-29T00:00:00Z",
                                 "2015-13-01T00:00:00Z",
                                 "2015-08-30T24:00:00Z",
                                 "2015-08-30T12:60:00Z",
                                 "2015-08-30T12:36:00.Z",
                                 "2009-10-12T17:50:30.Z",
                                 "2009-13-12T17:50:30Z",
                                 "2009-10-12 17:50:30Z",
                                 "2009-10-12T17:50:30.1234567890Z",
                                 "2015-08-30T12:36:00Zjunk",
                                 "+015-08-30T12:36:00Z",
                                 "9999-12-31T23:59:59Z",
                                 "0001-01-01T00:00:00Z"}) {
            INFO(text);
            CHECK_FALSE(parse_iso8601_utc(text, forms).has_value());
        }
    }
}

TEST_CASE("core: the Unix-era year range refuses earlier years", "[core][time]") {
    using awsrest::time_text::kUnixEraYears;
    CHECK(parse_iso8601_utc("1970-01-01T00:00:00Z", IsoUtcForms::Rfc3339, kUnixEraYears) == TimePoint{});
    CHECK_FALSE(parse_iso8601_utc("1969-12-31T23:59:59Z", IsoUtcForms::Rfc3339, kUnixEraYears));
    CHECK(parse_iso8601_utc("1969-12-31T23:59:59Z") == unix_time(-1));
}

TEST_CASE("core: times print as ISO 8601 UTC", "[core][time]") {
    CHECK(awsrest::time_text::format_iso8601_utc(unix_time(1440938160)) == "2015-08-30T12:36:00Z");
    CHECK(awsrest::time_text::format_iso8601_utc(unix_time(951868799)) == "2000-02-29T23:59:59Z");
}

TEST_CASE("core: IMF-fixdate HTTP dates of Last-Modified headers", "[core][time]") {
    CHECK(parse_http_date("Wed, 21 Oct 2015 07:28:00 GMT", HttpDateForms::ImfFixdate) == unix_time(1445412480));
    CHECK(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT", HttpDateForms::ImfFixdate) == unix_time(0));
    for (const char* text : {"Wed, 21 Oct 2015 07:28:00 UTC", "Wed, 31 Feb 2015 07:28:00 GMT",
                             "Wed, 21 Okt 2015 07:28:00 GMT", "Wed, 21 Oct 2015 25:28:00 GMT", "2015-10-21T07:28:00Z",
                             "", "Fri, 31 Dec 9999 23:59:59 GMT" /* beyond a TimePoint */, "6 Nov 1994 08:49:37 GMT",
                             "Sun,  6 Nov 1994 08:49:37 GMT"}) {
        INFO(text);
        CHECK_FALSE(parse_http_date(text, HttpDateForms::ImfFixdate));
    }
}

TEST_CASE("core: RFC 1123 HTTP dates of Date headers", "[core][time]") {
    // RFC 7231's example; 784111777 from `date -u -d '1994-11-06 08:49:37' +%s`.
    CHECK(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT", HttpDateForms::Rfc1123) == unix_time(784111777));
    // The SigV4 suite's time plus 15 minutes: 1440938160 + 900.
    CHECK(parse_http_date("Sun, 30 Aug 2015 12:51:00 GMT", HttpDateForms::Rfc1123) == unix_time(1440939060));
    CHECK(parse_http_date("Thu, 29 Feb 2024 23:59:59 GMT", HttpDateForms::Rfc1123) == unix_time(1709251199));
    CHECK(parse_http_date("6 Nov 1994 08:49:37 GMT", HttpDateForms::Rfc1123) == unix_time(784111777));
    CHECK(parse_http_date("Wed, 21 Oct 2015 07:28:00 UTC", HttpDateForms::Rfc1123) == unix_time(1445412480));
}

TEST_CASE("core: RFC 1123 HTTP dates refuse anything else", "[core][time]") {
    for (const char* text :
         {"", "GMT", "Sun, 06 Nov 1994 08:49:37", "Sun, 06 Nov 1994 08:49:37 PST", "Sunday, 06-Nov-94 08:49:37 GMT",
          "Sun Nov  6 08:49:37 1994", "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 29 Feb 2015 08:49:37 GMT",
          "Sun, 06 Nov 1994 24:00:00 GMT", "Sun, 06 Nov 1994 08:60:00 GMT", "Sun, 06 Foo 1994 08:49:37 GMT",
          "Sun, 06 Nov 1994 08:49:37 GMT trailing", "20150830T123600Z",
          "Fri, 31 Dec 9999 23:59:59 GMT" /* beyond a TimePoint */}) {
        INFO(text);
        CHECK_FALSE(parse_http_date(text, HttpDateForms::Rfc1123));
    }
}
