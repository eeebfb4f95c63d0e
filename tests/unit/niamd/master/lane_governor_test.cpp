// RECEIVERS auto: how many receive lanes poll, from how full the receives come back.
#include <catch2/catch.hpp>

#include "master/lane_governor.hpp"

using niamd::master::LaneGovernor;

TEST_CASE("lane governor: a fixed RECEIVERS polls on every lane whatever comes back", "[master]") {
    LaneGovernor fixed(8, false);
    CHECK(fixed.active() == 8);
    CHECK(fixed.adjust(100, 100, false) == 8);
    CHECK(fixed.adjust(100, 0, false) == 8);
}

TEST_CASE("lane governor: auto starts on two lanes and grows by half while most receives come back full", "[master]") {
    LaneGovernor lanes(32, true);
    CHECK(lanes.active() == 2);
    CHECK(lanes.adjust(40, 20, false) == 3);  // half full: grow
    CHECK(lanes.adjust(60, 59, false) == 4);
    CHECK(lanes.adjust(80, 80, false) == 6);
    CHECK(lanes.adjust(120, 120, false) == 9);
    CHECK(lanes.adjust(180, 180, false) == 13);
    CHECK(lanes.adjust(260, 260, false) == 19);
    CHECK(lanes.adjust(380, 380, false) == 28);
    CHECK(lanes.adjust(560, 560, false) == 32);  // all there are
    CHECK(lanes.adjust(640, 640, false) == 32);
}

TEST_CASE("lane governor: auto keeps its lanes between the two marks and sheds one when almost none is full",
          "[master]") {
    LaneGovernor lanes(32, true);
    for (int i = 0; i < 4; ++i) lanes.adjust(100, 100, false);
    REQUIRE(lanes.active() == 9);
    CHECK(lanes.adjust(100, 49, false) == 9);  // below half, above 5 %: stays
    CHECK(lanes.adjust(100, 6, false) == 9);
    CHECK(lanes.adjust(100, 5, false) == 8);  // 5 %: one fewer
    CHECK(lanes.adjust(100, 0, false) == 7);
    CHECK(lanes.adjust(0, 0, false) == 7);  // no receive answered (the queue away): nothing learnt
    for (int i = 0; i < 10; ++i) lanes.adjust(10, 0, false);
    CHECK(lanes.active() == 2);  // never fewer than two
}

TEST_CASE("lane governor: no lane is added while applying holds the lanes back", "[master]") {
    LaneGovernor lanes(32, true);
    CHECK(lanes.adjust(100, 100, true) == 2);
    CHECK(lanes.adjust(100, 100, false) == 3);
}

TEST_CASE("lane governor: auto with fewer lanes than its floor uses what there is", "[master]") {
    LaneGovernor one(1, true);
    CHECK(one.active() == 1);
    CHECK(one.adjust(10, 10, false) == 1);
    CHECK(one.adjust(10, 0, false) == 1);
    LaneGovernor none(0, true);
    CHECK(none.active() == 1);
}
