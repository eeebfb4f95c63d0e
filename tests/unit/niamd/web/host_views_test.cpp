#include <catch2/catch.hpp>

#include "web/host_state.hpp"
#include "web/request_params.hpp"
#include "web/state_timeline.hpp"
#include "web_fixtures.hpp"

using namespace niamd::web;
using niamd::store::HostStatus;
using web_test::kNow;

TEST_CASE("host state: worst first, PURGE_SOON in the last fifth of PURGE_AFTER", "[web]") {
    struct Row {
        HostStatus status;
        std::int64_t silent_for;
        bool failing_check;
        HostState expected;
    };
    const Row rows[] = {
        {HostStatus::Ok, 10, false, HostState::Ok},
        {HostStatus::Ok, 10, true, HostState::CheckFailing},
        {HostStatus::Missing, 200, true, HostState::Missing},
        {HostStatus::Missing, 479, false, HostState::Missing},    // 121 s left of 600
        {HostStatus::Missing, 480, false, HostState::PurgeSoon},  // 120 s left: the last 20 %
        {HostStatus::Missing, 900, false, HostState::PurgeSoon},
        {HostStatus::InstanceGone, 10, true, HostState::InstanceGone},
    };
    for (const auto& row : rows) {
        auto host = web_test::host_view("h", "i", row.status, kNow - row.silent_for);
        host.checks.push_back(web_test::check_state(host.host.key, niamd::protocol::RecordKind::Http, "t", "80",
                                                    row.failing_check ? 1 : 0, 5));
        CAPTURE(row.silent_for, to_string(row.expected));
        CHECK(classify(host, kNow, 600) == row.expected);
    }
    for (const HostState state : kAllHostStates) CHECK(host_state_from_string(to_string(state)) == state);
    CHECK_FALSE(host_state_from_string("ok").has_value());
}

TEST_CASE("since: Unix seconds or a duration, clamped, bad text refused", "[web]") {
    struct Row {
        std::optional<std::string> text;
        std::int64_t expected;
    };
    const Row rows[] = {
        {std::nullopt, kNow - 3600},
        {"", kNow - 3600},
        {"1440930000", 1440930000},
        {"90s", kNow - 90},
        {"30m", kNow - 1800},
        {"1h", kNow - 3600},
        {"7d", kNow - 7 * 86400},
        {"2w", kNow - 14 * 86400},
        {"0", kNow - kMaxLookbackSeconds},
        {"999999999999", kNow},
        {"999999999999w", kNow - kMaxLookbackSeconds},
    };
    for (const auto& row : rows) {
        CAPTURE(row.text.value_or("(absent)"));
        const auto since = parse_since(row.text, kNow, 3600);
        REQUIRE(since.ok());
        CHECK(*since == row.expected);
    }
    for (const char* bad : {"abc", "-5", "1.5h", "1y", "h", "1 h", "0x10", "+5", "1234567890123"}) {
        CAPTURE(bad);
        const auto since = parse_since(std::string(bad), kNow, 3600);
        REQUIRE_FALSE(since.ok());
        CHECK(since.error().message == "since: expected Unix seconds or a duration like 30m, 1h, 7d");
    }
}

TEST_CASE("limit: whole number within bounds", "[web]") {
    CHECK(*parse_limit(std::nullopt, 500, 1000) == 500);
    CHECK(*parse_limit(std::string("1"), 500, 1000) == 1);
    CHECK(*parse_limit(std::string("1000"), 500, 1000) == 1000);
    for (const char* bad : {"0", "1001", "-1", "ten", ""}) {
        CAPTURE(bad);
        const auto limit = parse_limit(std::string(bad), 500, 1000);
        REQUIRE_FALSE(limit.ok());
        CHECK(limit.error().message == "limit: expected a whole number from 1 to 1000");
    }
}

TEST_CASE("state timeline: OK while heartbeats follow within WARN_AFTER, then MISSING, then PURGED", "[web]") {
    using S = TimelineState;
    struct Row {
        const char* name;
        std::vector<std::int64_t> beats;
        std::vector<TimelineSegment> expected;
    };
    // Window [1000, 2000), WARN_AFTER 100, PURGE_AFTER 500.
    const Row rows[] = {
        {"no heartbeats", {}, {{S::NoData, 1000, 2000}}},
        {"steady",
         {1000, 1060, 1120, 1180, 1240, 1300, 1360, 1420, 1480, 1540, 1600, 1660, 1720, 1780, 1840, 1900, 1960},
         {{S::Ok, 1000, 2000}}},
        {"first beat inside the window",
         {1500, 1560},
         {{S::NoData, 1000, 1500}, {S::Ok, 1500, 1660}, {S::Missing, 1660, 2000}}},
        {"a gap",
         {1000, 1050, 1400, 1450, 1500, 1550, 1600, 1650, 1700, 1750, 1800, 1850, 1900, 1950},
         {{S::Ok, 1000, 1150}, {S::Missing, 1150, 1400}, {S::Ok, 1400, 2000}}},
        {"beat before the window sets the start",
         {950, 1020},
         {{S::Ok, 1000, 1120}, {S::Missing, 1120, 1520}, {S::Purged, 1520, 2000}}},
        {"long silence is purged", {700}, {{S::Missing, 1000, 1200}, {S::Purged, 1200, 2000}}},
        {"unsorted with duplicates and a beat after the window",
         {1020, 1000, 1020, 2500},
         {{S::Ok, 1000, 1120}, {S::Missing, 1120, 1520}, {S::Purged, 1520, 2000}}},
    };
    for (const auto& row : rows) {
        CAPTURE(row.name);
        CHECK(state_timeline(row.beats, 1000, 2000, 100, 500) == row.expected);
    }
    CHECK(state_timeline({1000}, 2000, 1000, 100, 500).empty());
}
