// The two time formats of S3 answers, against hand-computed Unix times.
#include <catch2/catch.hpp>

#include "s3/s3_time.hpp"

using awsrest::TimePoint;

namespace {
TimePoint unix_time(long long seconds) { return TimePoint{std::chrono::seconds{seconds}}; }
}  // namespace

TEST_CASE("s3: HTTP dates of Last-Modified headers", "[s3][time]") {
    // date -u -d '2015-10-21 07:28:00' +%s
    CHECK(awsrest::s3::parse_http_date("Wed, 21 Oct 2015 07:28:00 GMT") == unix_time(1445412480));
    CHECK(awsrest::s3::parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT") == unix_time(0));
    CHECK_FALSE(awsrest::s3::parse_http_date("Wed, 21 Oct 2015 07:28:00 UTC"));
    CHECK_FALSE(awsrest::s3::parse_http_date("Wed, 31 Feb 2015 07:28:00 GMT"));
    CHECK_FALSE(awsrest::s3::parse_http_date("Wed, 21 Okt 2015 07:28:00 GMT"));
    CHECK_FALSE(awsrest::s3::parse_http_date("Wed, 21 Oct 2015 25:28:00 GMT"));
    CHECK_FALSE(awsrest::s3::parse_http_date("2015-10-21T07:28:00Z"));
    CHECK_FALSE(awsrest::s3::parse_http_date(""));
    CHECK_FALSE(awsrest::s3::parse_http_date("Fri, 31 Dec 9999 23:59:59 GMT"));  // beyond a TimePoint
}

TEST_CASE("s3: ISO 8601 times of listings, with or without a fraction", "[s3][time]") {
    CHECK(awsrest::s3::parse_iso8601_utc("2009-10-12T17:50:30.000Z") == unix_time(1255369830));
    CHECK(awsrest::s3::parse_iso8601_utc("2009-10-12T17:50:30Z") == unix_time(1255369830));
    CHECK(awsrest::s3::parse_iso8601_utc("2009-10-12T17:50:30.5Z") ==
          unix_time(1255369830) + std::chrono::milliseconds(500));
    CHECK_FALSE(awsrest::s3::parse_iso8601_utc("2009-10-12T17:50:30.Z"));
    CHECK_FALSE(awsrest::s3::parse_iso8601_utc("2009-10-12T17:50:30+01:00"));
    CHECK_FALSE(awsrest::s3::parse_iso8601_utc("2009-13-12T17:50:30Z"));
    CHECK_FALSE(awsrest::s3::parse_iso8601_utc("2009-10-12 17:50:30Z"));
    CHECK_FALSE(awsrest::s3::parse_iso8601_utc("2009-10-12T17:50:30.1234567890Z"));
    CHECK_FALSE(awsrest::s3::parse_iso8601_utc("Z"));
    CHECK_FALSE(awsrest::s3::parse_iso8601_utc("9999-12-31T23:59:59Z"));  // beyond a TimePoint
    CHECK_FALSE(awsrest::s3::parse_iso8601_utc("0001-01-01T00:00:00Z"));
    // 2200-12-31T23:59:59Z, the last accepted second (date -u -d ... +%s).
    CHECK(awsrest::s3::parse_iso8601_utc("2200-12-31T23:59:59Z") == unix_time(7289654399));
}
