// The master's own blindness: QUEUE_UNREACHABLE once, MISSING held until the queue has
// been read again for a full WARN_AFTER, QUEUE_OK once.
#include <catch2/catch.hpp>

#include "monitor_fixture.hpp"

using niamd::store::AlertKind;
using test_support::MonitorFixture;

namespace {
awsrest::Error network_error() { return awsrest::make_error(awsrest::ErrorKind::Network, "could not connect"); }
}  // namespace

TEST_CASE("queue: unreachable for longer than WARN_AFTER gives one QUEUE_UNREACHABLE and no MISSING", "[master]") {
    MonitorFixture f;
    f.start();
    f.ping("web1");
    f.ping("web2");
    f.round();
    f.advance(1);
    for (int i = 0; i < 10; ++i) {  // 10 s of failing receives
        f.monitor->queue_failed(network_error(), f.now());
        f.round();
        f.advance(1);
    }
    CHECK(f.count(AlertKind::QueueUnreachable) == 1);
    CHECK(f.raised_of(AlertKind::QueueUnreachable)[0].host.hostname.empty());
    CHECK(f.count(AlertKind::Missing) == 0);
    CHECK_FALSE(f.monitor->queue_reachable());
    CHECK(f.monitor->counters().queue_receive_errors == 10);

    // Back: one QUEUE_OK; web1 gets a PING through within WARN_AFTER, web2 does not.
    f.deliver(std::vector<awsrest::SqsMessage>{});
    f.round();
    CHECK(f.count(AlertKind::QueueOk) == 1);
    CHECK(f.monitor->queue_reachable());
    f.run_for(1);
    f.ping("web1");
    f.run_for(1);
    CHECK(f.count(AlertKind::Missing) == 0);
    f.run_for(1);  // the queue has been read for WARN_AFTER
    REQUIRE(f.count(AlertKind::Missing) == 1);
    CHECK(f.raised_of(AlertKind::Missing)[0].host.hostname == "web2");
    CHECK(f.count(AlertKind::QueueOk) == 1);
    CHECK(f.count(AlertKind::QueueUnreachable) == 1);
}

TEST_CASE("queue: nothing is reported before the queue has been read at all", "[master]") {
    MonitorFixture f;
    f.store.clock_seconds = f.now();
    REQUIRE(f.monitor->load(f.now()));
    f.monitor->queue_read(f.now());
    f.ping("web1");
    f.round();
    // A new monitor that never reads the queue holds every host.
    f.monitor = std::make_unique<niamd::master::Monitor>(f.store, f.config);
    REQUIRE(f.monitor->load(f.now()));
    f.run_for(30);
    CHECK(f.raised.empty());
    CHECK(f.monitor->holding(f.now()));
}
