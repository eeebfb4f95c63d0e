// Check states: only a change alerts, old results go to history only, optional re-notify.
#include <catch2/catch.hpp>

#include "monitor_fixture.hpp"
#include "protocol/record_encoder.hpp"

using niamd::store::AlertKind;
using test_support::MonitorFixture;

TEST_CASE("checks: a failing check gives one CHECK_FAILED and then one CHECK_OK when it heals", "[master]") {
    MonitorFixture f(test_support::short_timers(30, 60));
    f.start();
    f.check("web1", 0);
    f.round();
    CHECK(f.raised.empty());  // a new check that is OK says nothing
    for (int i = 0; i < 5; ++i) {
        f.advance(1);
        f.check("web1", 1);
        f.round();
    }
    REQUIRE(f.count(AlertKind::CheckFailed) == 1);
    const auto failed = f.raised_of(AlertKind::CheckFailed)[0];
    CHECK(failed.detail == "HTTP www.example.org:80 FAILED: HTTP CRITICAL - 500");
    CHECK(failed.host.hostname == "web1");
    f.advance(1);
    f.check("web1", 0);
    f.round();
    f.advance(1);
    f.check("web1", 0);
    f.round();
    REQUIRE(f.count(AlertKind::CheckOk) == 1);
    CHECK(f.raised_of(AlertKind::CheckOk)[0].detail == "HTTP www.example.org:80 OK again after 5 s: HTTP OK");
    CHECK(f.count(AlertKind::CheckFailed) == 1);
    // History has every result, the state the newest.
    CHECK(f.store.results.size() == 8);
    REQUIRE(f.store.check_states.size() == 1);
    CHECK(f.store.check_states.begin()->second.status == 0);
}

TEST_CASE("checks: a new check that fails at once alerts", "[master]") {
    MonitorFixture f(test_support::short_timers(30, 60));
    f.start();
    f.check("web1", 1);
    f.round();
    CHECK(f.count(AlertKind::CheckFailed) == 1);
}

TEST_CASE("checks: a result older than the state goes to history but does not flip it", "[master]") {
    MonitorFixture f(test_support::short_timers(30, 60));
    f.start();
    f.check("web1", 0);
    f.round();
    f.advance(10);
    f.check("web1", 0);
    f.round();
    // A FAILED result from 5 s ago, replayed from the client's spool.
    f.deliver(niamd::protocol::encode_record(MonitorFixture::check_record("web1", f.now() - 5, 1)));
    f.round();
    CHECK(f.raised.empty());
    CHECK(f.store.results.size() == 3);
    CHECK(f.store.check_states.begin()->second.status == 0);
    CHECK(f.store.check_states.begin()->second.last_time == f.now());
}

TEST_CASE("checks: RENOTIFY repeats CHECK_FAILED for a check still failing", "[master]") {
    auto config = test_support::short_timers(300, 600);
    config.renotify = 60;
    MonitorFixture f(config);
    f.start();
    for (int i = 0; i <= 130; i += 10) {
        f.check("web1", 1);
        f.round();
        f.advance(10);
    }
    // At 0, 60 and 120 s.
    CHECK(f.count(AlertKind::CheckFailed) == 3);
    CHECK(f.raised_of(AlertKind::CheckFailed)[1].detail.find("still FAILED since") != std::string::npos);
}

TEST_CASE("checks: LPING and HTTP and SCRIPT checks of a host are kept apart and shown in the snapshot", "[master]") {
    MonitorFixture f(test_support::short_timers(30, 60));
    f.start();
    auto lping = MonitorFixture::check_record("web1", f.now(), 0, "db1", "5432");
    lping.kind = niamd::protocol::RecordKind::Lping;
    auto script = MonitorFixture::check_record("web1", f.now(), 1, "check_disk", "-w 20%");
    script.kind = niamd::protocol::RecordKind::Script;
    const auto http = MonitorFixture::check_record("web1", f.now(), 0);
    f.deliver(niamd::protocol::encode_messages({MonitorFixture::ping_record("web1", f.now()), lping, script, http})[0]);
    f.round();
    REQUIRE(f.count(AlertKind::CheckFailed) == 1);
    CHECK(f.raised_of(AlertKind::CheckFailed)[0].detail == "SCRIPT check_disk -w 20% FAILED: HTTP CRITICAL - 500");
    const auto snapshot = f.monitor->snapshot(f.now());
    REQUIRE(snapshot->hosts.size() == 1);
    CHECK(snapshot->hosts[0].checks.size() == 3);
    CHECK(snapshot->hosts[0].host.key.hostname == "web1");
    CHECK(snapshot->counters.records_received == 4);
    CHECK(snapshot->counters.alerts_by_kind.at(AlertKind::CheckFailed) == 1);
    CHECK(snapshot->warn_after == 30);
}

TEST_CASE("checks: the retries a result carries hold CHECK_FAILED and survive a restart", "[master][noise]") {
    MonitorFixture f(test_support::short_timers(30, 60));
    f.start();
    auto failing = [&] {
        auto record = MonitorFixture::check_record("web1", f.now(), 1);
        record.retries = 2;
        f.deliver(niamd::protocol::encode_record(record));
        f.round();
        f.advance(1);
    };
    failing();
    failing();
    CHECK(f.count(AlertKind::CheckFailed) == 0);
    REQUIRE(f.store.check_states.size() == 1);
    CHECK(f.store.check_states.begin()->second.streak == 2);
    f.restart();
    failing();
    REQUIRE(f.count(AlertKind::CheckFailed) == 1);
    CHECK(f.raised_of(AlertKind::CheckFailed)[0].detail ==
          "HTTP www.example.org:80 FAILED (3 failures in a row): HTTP CRITICAL - 500");
}
