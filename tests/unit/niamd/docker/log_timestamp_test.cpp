// The timestamp before each log line (timestamps=1) and the `since` that resumes after it.
#include <catch2/catch.hpp>

#include <string>

#include "docker/log_timestamp.hpp"

using niamd::docker::engine_time;
using niamd::docker::split_log_timestamp;

TEST_CASE("docker timestamp: RFC 3339 with nanoseconds splits off the line") {
    const auto stamped = split_log_timestamp("2026-12-03T07:44:42.123456789Z GET / 200");
    REQUIRE(stamped.has_value());
    CHECK(stamped->time_nano == 1796283882123456789LL);
    CHECK(stamped->text == "GET / 200");
    const auto short_fraction = split_log_timestamp("2026-12-03T07:44:42.5Z x");
    REQUIRE(short_fraction.has_value());
    CHECK(short_fraction->time_nano == 1796283882500000000LL);
    const auto zoned = split_log_timestamp("2026-12-03T09:44:42+02:00 ");
    REQUIRE(zoned.has_value());
    CHECK(zoned->time_nano == 1796283882000000000LL);
    CHECK(zoned->text.empty());
}

TEST_CASE("docker timestamp: a line without one is left alone") {
    for (const char* text :
         {"", "hello", "2026-12-03T07:44:42.123Z", "2026-13-03T07:44:42Z x", "2026-12-03 07:44:42Z x",
          "1969-12-31T23:59:59Z x", "2026-12-03T07:44:42.Z x", "2026-12-03T07:44:42+2:00 x"}) {
        INFO(text);
        CHECK_FALSE(split_log_timestamp(text).has_value());
    }
}

TEST_CASE("docker timestamp: since is seconds and nine digits of nanoseconds") {
    CHECK(engine_time(1796283882123456789LL) == "1796283882.123456789");
    CHECK(engine_time(1796283882000000042LL) == "1796283882.000000042");
    CHECK(engine_time(0) == "0.000000000");
}
