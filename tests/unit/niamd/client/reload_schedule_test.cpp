// SIGHUP reloads are coalesced: a storm of SIGHUPs costs a reload every kMinReloadGap, no more,
// and the last one is never lost. The periodic refresh keeps its own pace.
#include <catch2/catch.hpp>

#include "client/reload_schedule.hpp"

using namespace std::chrono_literals;
using niamd::client::ReloadSchedule;
using Due = ReloadSchedule::Due;

namespace {
const awsrest::TimePoint kStart{std::chrono::seconds{1700000000}};
}

TEST_CASE("reload schedule: 1865 SIGHUPs in 10 s make at most three reloads", "[client][reload]") {
    ReloadSchedule schedule(kStart - 60s, 180s);
    int reloads = 0;
    // 1865 SIGHUPs spread over 10 s; the client asks after each whether to reload.
    for (int i = 0; i < 1865; ++i) {
        const auto now = kStart + std::chrono::milliseconds(i * 10000 / 1865);
        schedule.request();
        if (schedule.take_due(now) != Due::No) ++reloads;
    }
    CHECK(reloads <= 3);
    CHECK(reloads >= 2);
    // The storm's last SIGHUP is not lost: one more reload once the gap has passed.
    const auto pending_at = schedule.next_due();
    CHECK(pending_at <= kStart + 10s + niamd::client::kMinReloadGap);
    CHECK(schedule.take_due(pending_at - 1ms) == Due::No);
    CHECK(schedule.take_due(pending_at) == Due::Requested);
    CHECK(schedule.next_due() == pending_at + 180s);
}

TEST_CASE("reload schedule: a lone SIGHUP reloads at once", "[client][reload]") {
    ReloadSchedule schedule(kStart, 180s);
    CHECK(schedule.take_due(kStart + 30s) == Due::No);
    CHECK(schedule.request());
    CHECK(schedule.take_due(kStart + 30s) == Due::Requested);
    CHECK(schedule.take_due(kStart + 31s) == Due::No);
    // A second one within the gap waits for it, merged with any that follow.
    CHECK(schedule.request());
    CHECK_FALSE(schedule.request());
    CHECK(schedule.merged() == 1);
    CHECK(schedule.take_due(kStart + 32s) == Due::No);
    CHECK(schedule.next_due() == kStart + 35s);
    CHECK(schedule.take_due(kStart + 35s) == Due::Requested);
    CHECK(schedule.merged() == 0);
}

TEST_CASE("reload schedule: the periodic refresh comes every period", "[client][reload]") {
    ReloadSchedule schedule(kStart, 180s);
    CHECK(schedule.next_due() == kStart + 180s);
    CHECK(schedule.take_due(kStart + 179s) == Due::No);
    CHECK(schedule.take_due(kStart + 180s) == Due::Periodic);
    CHECK(schedule.next_due() == kStart + 360s);
}

TEST_CASE("reload schedule: a SIGHUP right after start reloads at once", "[client][reload]") {
    ReloadSchedule schedule(kStart, 180s);
    CHECK(schedule.request());
    CHECK(schedule.take_due(kStart + 1s) == Due::Requested);
}
