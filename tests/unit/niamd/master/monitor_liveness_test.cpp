// Liveness: one MISSING per silence, RECOVERED on return, PURGED after PURGE_AFTER, all
// on a manual clock.
#include <catch2/catch.hpp>

#include "monitor_fixture.hpp"

using niamd::store::AlertKind;
using niamd::store::HostKey;
using niamd::store::HostStatus;
using test_support::MonitorFixture;

namespace {
const HostKey kWeb1{"web1", "i-0000000000000001"};
}

TEST_CASE("liveness: a silent host gets one MISSING at WARN_AFTER and then PURGED at PURGE_AFTER", "[master]") {
    MonitorFixture f;  // WARN_AFTER 3, PURGE_AFTER 8
    f.start();
    f.ping("web1");
    f.round();
    CHECK(f.store.hosts.count(kWeb1) == 1);
    f.run_for(2);
    CHECK(f.raised.empty());
    f.run_for(1);  // silent for 3 s
    REQUIRE(f.count(AlertKind::Missing) == 1);
    CHECK(f.raised_of(AlertKind::Missing)[0].host == kWeb1);
    CHECK(f.raised_of(AlertKind::Missing)[0].detail == "no PING for 3 s");
    CHECK(f.store.hosts.at(kWeb1).status == HostStatus::Missing);
    f.run_for(4);  // silent for 7 s: still one MISSING, not purged
    CHECK(f.count(AlertKind::Missing) == 1);
    CHECK(f.count(AlertKind::Purged) == 0);
    f.run_for(1);  // 8 s
    CHECK(f.count(AlertKind::Purged) == 1);
    CHECK(f.monitor->hosts().find(kWeb1) == nullptr);
    CHECK(f.store.hosts.count(kWeb1) == 0);
    f.run_for(20);
    CHECK(f.raised.size() == 2);  // no further warnings
}

TEST_CASE("liveness: the tick is at most one second late and a PING resets the deadline", "[master]") {
    MonitorFixture f;
    f.start();
    f.ping("web1");
    f.round();
    CHECK(f.monitor->hosts().next_deadline() == f.now() + 3);
    f.run_for(2);
    f.ping("web1");
    f.round();
    CHECK(f.monitor->hosts().next_deadline() == f.now() + 3);
    f.run_for(2);
    CHECK(f.raised.empty());
}

TEST_CASE("liveness: a host that PINGs again gets one RECOVERED", "[master]") {
    MonitorFixture f;
    f.start();
    f.ping("web1");
    f.round();
    f.run_for(5);
    REQUIRE(f.count(AlertKind::Missing) == 1);
    f.ping("web1");
    f.round();
    REQUIRE(f.count(AlertKind::Recovered) == 1);
    CHECK(f.raised_of(AlertKind::Recovered)[0].detail == "PING again after 2 s as MISSING");
    CHECK(f.store.hosts.at(kWeb1).status == HostStatus::Ok);
    f.ping("web1");
    f.round();
    CHECK(f.count(AlertKind::Recovered) == 1);
    // Silent again: a new MISSING.
    f.run_for(3);
    CHECK(f.count(AlertKind::Missing) == 2);
}

TEST_CASE("liveness: hosts are told apart by hostname and instance", "[master]") {
    MonitorFixture f;
    f.start();
    f.ping("web1", "i-0000000000000001");
    f.ping("web1", "i-0000000000000002");
    f.round();
    f.run_for(2);
    f.ping("web1", "i-0000000000000002");
    f.run_for(1);
    REQUIRE(f.count(AlertKind::Missing) == 1);
    CHECK(f.raised_of(AlertKind::Missing)[0].host.instance == "i-0000000000000001");
}

TEST_CASE("liveness: a new WARN_AFTER reschedules every host", "[master]") {
    MonitorFixture f(test_support::short_timers(30, 60));
    f.start();
    f.ping("web1");
    f.round();
    f.run_for(5);
    CHECK(f.raised.empty());
    f.monitor->configure(test_support::short_timers(3, 8));
    f.round();
    CHECK(f.count(AlertKind::Missing) == 1);
}

TEST_CASE("liveness: a host whose purge is due while it is MISSING for too short still gets time", "[master]") {
    // Restored MISSING just before a restart: it keeps PURGE_AFTER - WARN_AFTER of MISSING.
    MonitorFixture f;
    f.start();
    f.ping("web1");
    f.round();
    f.run_for(3);
    REQUIRE(f.count(AlertKind::Missing) == 1);
    f.advance(100);  // the master was away
    f.restart();
    f.run_for(3);  // the grace: the queue read for WARN_AFTER
    CHECK(f.count(AlertKind::Purged) == 1);
    CHECK(f.count(AlertKind::Missing) == 1);
}
