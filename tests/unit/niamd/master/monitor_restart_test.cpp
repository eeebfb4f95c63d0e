// A restarted master: no duplicate alert, no forgotten host, pending alerts reloaded.
#include <catch2/catch.hpp>

#include "monitor_fixture.hpp"

using niamd::store::AlertKind;
using niamd::store::Delivery;
using niamd::store::HostStatus;
using test_support::MonitorFixture;

TEST_CASE("restart: hosts and states and pending alerts come back and nothing is raised twice", "[master]") {
    MonitorFixture f(test_support::short_timers(5, 20));
    f.start();
    f.ping("web1");
    f.ping("web2");
    f.check("web1", 1);
    f.round();
    f.run_for(3);
    f.ping("web1");
    f.round();
    f.run_for(2);  // web2 silent for 5 s
    REQUIRE(f.count(AlertKind::Missing) == 1);
    REQUIRE(f.count(AlertKind::CheckFailed) == 1);
    // CHECK_FAILED was published, MISSING not yet.
    REQUIRE(f.store.mark_alert_sent(f.raised_of(AlertKind::CheckFailed)[0].id, f.now()));

    f.advance(2);
    const auto pending = f.restart();
    REQUIRE(pending.size() == 1);
    CHECK(pending[0].kind == AlertKind::Missing);
    CHECK(f.monitor->hosts().size() == 2);
    CHECK(f.monitor->hosts().find({"web2", "i-0000000000000001"})->status == HostStatus::Missing);
    // web1 keeps PINGing and failing: no new CHECK_FAILED, no MISSING.
    for (int i = 0; i < 10; ++i) {
        f.ping("web1");
        f.check("web1", 1);
        f.run_for(1);
    }
    CHECK(f.count(AlertKind::CheckFailed) == 1);
    CHECK(f.count(AlertKind::Missing) == 1);
    CHECK(f.count(AlertKind::Recovered) == 0);
    // web2 is purged on time (silent for 20 s), once.
    f.run_for(5);
    CHECK(f.count(AlertKind::Purged) == 1);
}

TEST_CASE("restart: a host that died while the master was down is MISSING only after the grace", "[master]") {
    MonitorFixture f(test_support::short_timers(5, 600));
    f.start();
    f.ping("web1");
    f.ping("web2");
    f.round();
    f.advance(60);  // the master is down for a minute; web2 died meanwhile
    f.restart();
    f.ping("web1");
    f.run_for(4);
    CHECK(f.count(AlertKind::Missing) == 0);
    f.ping("web1");
    f.run_for(1);  // the queue has been read for WARN_AFTER
    REQUIRE(f.count(AlertKind::Missing) == 1);
    CHECK(f.raised_of(AlertKind::Missing)[0].host.hostname == "web2");
}
