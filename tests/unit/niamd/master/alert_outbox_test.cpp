// The alert outbox: retry schedule until published, in-flight bookkeeping.
#include <catch2/catch.hpp>

#include "master/alert_outbox.hpp"

using niamd::master::AlertOutbox;
using niamd::master::publish_backoff;

TEST_CASE("outbox: back-off doubles from 5 s up to 5 minutes", "[master]") {
    CHECK(publish_backoff(1) == 5);
    CHECK(publish_backoff(2) == 10);
    CHECK(publish_backoff(3) == 20);
    CHECK(publish_backoff(7) == 300);
    CHECK(publish_backoff(50) == 300);
}

TEST_CASE("outbox: an alert is retried until delivered", "[master]") {
    AlertOutbox outbox;
    niamd::store::AlertRow alert;
    alert.id = 7;
    outbox.add(alert, 1000);
    auto due = outbox.due(1000);
    REQUIRE(due.size() == 1);
    CHECK(outbox.due(1000).empty());  // in flight
    CHECK(outbox.failed(7, 1001) == 1);
    CHECK(outbox.due(1005).empty());
    CHECK(outbox.due(1006).size() == 1);
    CHECK(outbox.failed(7, 1006) == 2);
    CHECK(outbox.due(1015).empty());
    REQUIRE(outbox.due(1016).size() == 1);
    outbox.delivered(7);
    CHECK(outbox.size() == 0);
    CHECK(outbox.due(5000).empty());
    CHECK(outbox.failed(7, 5000) == 0);  // unknown: ignored
}

TEST_CASE("outbox: oldest alerts go first and a released one is due again", "[master]") {
    AlertOutbox outbox;
    for (std::int64_t id : {3, 1, 2}) {
        niamd::store::AlertRow alert;
        alert.id = id;
        outbox.add(alert, 0);
    }
    auto due = outbox.due(0);
    REQUIRE(due.size() == 3);
    CHECK(due[0].id == 1);
    CHECK(due[2].id == 3);
    outbox.release(2);
    REQUIRE(outbox.due(0).size() == 1);
}
