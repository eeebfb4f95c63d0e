// LogRateLimit: LOG_RATE for a source that cannot wait: lines over the rate in a second are
// dropped and counted per source, and told as one log.dropped event per source and minute.
#include <catch2/catch.hpp>

#include <string>

#include "client/log_rate_limit.hpp"

using niamd::client::LogRateLimit;
using niamd::protocol::field_value;

namespace {

// How many of `lines` lines of `source` at `now` are let through.
int admitted(LogRateLimit& limit, const std::string& source, std::int64_t now, int lines, std::size_t rate) {
    int through = 0;
    for (int i = 0; i < lines; ++i) through += limit.admit(source, now, rate) ? 1 : 0;
    return through;
}

}  // namespace

TEST_CASE("log rate: per source at most the rate in a second, the rest dropped and counted", "[client][lograte]") {
    LogRateLimit limit;
    CHECK(admitted(limit, "docker:web", 1000, 2500, 1000) == 1000);
    CHECK(admitted(limit, "docker:db", 1000, 400, 1000) == 400);  // another source has its own second
    CHECK(limit.dropped() == 1500);
    CHECK(admitted(limit, "docker:web", 1001, 999, 1000) == 999);  // a new second
    CHECK(admitted(limit, "docker:web", 1001, 5, 1000) == 1);
    CHECK(limit.dropped() == 1504);
    CHECK(admitted(limit, "docker:web", 1002, 1, 1) == 1);
    CHECK(admitted(limit, "docker:web", 1002, 1, 1) == 0);
    CHECK(limit.dropped() == 1505);
}

TEST_CASE("log rate: one log.dropped event per source and minute with the lines since the last", "[client][lograte]") {
    LogRateLimit limit;
    CHECK(limit.due_events(999, "docker:rate").empty());  // nothing dropped: nothing to tell
    admitted(limit, "docker:web", 1000, 1300, 1000);      // 300 dropped
    admitted(limit, "docker:db", 1000, 10, 1000);         // none
    auto events = limit.due_events(1000, "docker:rate");
    REQUIRE(events.size() == 1);
    CHECK(events[0].kind == "log.dropped");
    CHECK(events[0].id == "docker:rate:docker:web:1000");
    CHECK(events[0].time == 1000);
    CHECK(field_value(events[0], "source") == "docker:web");
    CHECK(field_value(events[0], "dropped") == "300");
    CHECK(field_value(events[0], "since") == "1000");
    // Drops go on for 59 s: no event within the minute, the count goes on.
    for (std::int64_t now = 1001; now < 1060; ++now) {
        admitted(limit, "docker:web", now, 1010, 1000);  // 10 dropped each second
        CHECK(limit.due_events(now, "docker:rate").empty());
    }
    events = limit.due_events(1060, "docker:rate");
    REQUIRE(events.size() == 1);
    CHECK(field_value(events[0], "dropped") == "590");
    CHECK(field_value(events[0], "since") == "1001");
    CHECK(limit.dropped() == 300 + 590);
    CHECK(limit.due_events(1061, "docker:rate").empty());  // told: nothing pending
    // A drop after a quiet minute is told at once.
    CHECK(limit.due_events(1200, "docker:rate").empty());
    admitted(limit, "docker:web", 1201, 1001, 1000);
    events = limit.due_events(1201, "docker:rate");
    REQUIRE(events.size() == 1);
    CHECK(field_value(events[0], "dropped") == "1");
    CHECK(field_value(events[0], "since") == "1201");
}

TEST_CASE("log rate: sources with nothing to remember are forgotten", "[client][lograte]") {
    LogRateLimit limit;
    for (int i = 0; i < 100; ++i) admitted(limit, "docker:c" + std::to_string(i), 1000, 5, 10);
    CHECK(limit.sources() == 100);
    limit.due_events(1001, "docker:rate");
    CHECK(limit.sources() == 0);  // no drops, their second is over
    admitted(limit, "docker:loud", 1002, 20, 10);
    REQUIRE(limit.due_events(1002, "docker:rate").size() == 1);
    limit.due_events(1003, "docker:rate");
    CHECK(limit.sources() == 1);  // told a minute ago at most: remembered
    limit.due_events(1062, "docker:rate");
    CHECK(limit.sources() == 0);
    // At most kMaxRateSources at once: past that, lines pass uncounted.
    for (std::size_t i = 0; i < niamd::client::kMaxRateSources; ++i) {
        CHECK(limit.admit("docker:s" + std::to_string(i), 2000, 1));
    }
    CHECK(limit.sources() == niamd::client::kMaxRateSources);
    CHECK(admitted(limit, "docker:late", 2000, 3, 1) == 3);
    CHECK(limit.sources() == niamd::client::kMaxRateSources);
}
