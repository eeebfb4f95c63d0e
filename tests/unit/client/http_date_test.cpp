// The Date header parser used for clock-skew correction.
#include <catch2/catch.hpp>

#include "client/http_date.hpp"

using awsrest::client::parse_http_date;

namespace {

long long epoch_seconds(awsrest::TimePoint time) {
    return std::chrono::duration_cast<std::chrono::seconds>(time.time_since_epoch()).count();
}

}  // namespace

TEST_CASE("client: parse_http_date reads RFC 1123 dates", "[client][http_date]") {
    // RFC 7231's example; 784111777 from `date -u -d '1994-11-06 08:49:37' +%s`.
    const auto rfc = parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT");
    REQUIRE(rfc);
    CHECK(epoch_seconds(*rfc) == 784111777);
    // The SigV4 suite's time plus 15 minutes: 1440938160 + 900.
    const auto skewed = parse_http_date("Sun, 30 Aug 2015 12:51:00 GMT");
    REQUIRE(skewed);
    CHECK(epoch_seconds(*skewed) == 1440939060);
    const auto leap = parse_http_date("Thu, 29 Feb 2024 23:59:59 GMT");
    REQUIRE(leap);
    CHECK(epoch_seconds(*leap) == 1709251199);
    const auto no_weekday = parse_http_date("6 Nov 1994 08:49:37 GMT");
    REQUIRE(no_weekday);
    CHECK(epoch_seconds(*no_weekday) == 784111777);
}

TEST_CASE("client: parse_http_date refuses anything else", "[client][http_date]") {
    for (const char* text : {"", "GMT", "Sun, 06 Nov 1994 08:49:37", "Sun, 06 Nov 1994 08:49:37 PST",
                             "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994",
                             "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 29 Feb 2015 08:49:37 GMT",
                             "Sun, 06 Nov 1994 24:00:00 GMT", "Sun, 06 Nov 1994 08:60:00 GMT",
                             "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 GMT trailing",
                             "20150830T123600Z"}) {
        INFO(text);
        CHECK_FALSE(parse_http_date(text));
    }
}
