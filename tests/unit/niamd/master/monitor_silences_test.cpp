// Alerts inside silences and maintenance windows are stored as suppressed, not sent; when
// the silence ends and the host or check is still bad, one alert goes out (docs/silences.md).
#include <catch2/catch.hpp>

#include <variant>

#include "master/silences.hpp"
#include "monitor_fixture.hpp"

using niamd::store::AlertKind;
using niamd::store::Delivery;
using test_support::MonitorFixture;

namespace {

std::size_t suppressed_in_store(const MonitorFixture& f, AlertKind kind) {
    std::size_t n = 0;
    for (const auto& alert : f.store.alerts) n += alert.kind == kind && alert.delivery == Delivery::Suppressed ? 1 : 0;
    return n;
}

void silence(niamd::master::SilenceBook& book, const MonitorFixture& f, std::int64_t seconds,
             const std::string& check = "") {
    niamd::store::SilenceRow row;
    row.host = "web1";
    row.check = check;
    row.starts = f.now();
    row.ends = f.now() + seconds;
    row.comment = "deploy";
    row.author = "alice";
    REQUIRE(std::holds_alternative<niamd::store::SilenceRow>(book.add(row, f.now())));
}

// The check fails every 10 s for `seconds` (RENOTIFY 60 repeats its CHECK_FAILED).
void fail_for(MonitorFixture& f, int seconds, int status = 1) {
    for (int i = 0; i < seconds; i += 10) {
        f.check("web1", status);
        f.round();
        f.advance(10);
    }
}

niamd::config::HostConfig renotifying() {
    auto config = test_support::short_timers(300, 600);
    config.renotify = 60;
    return config;
}

}  // namespace

TEST_CASE("silences: N failures inside a silence send nothing and are stored as suppressed", "[silences][master]") {
    MonitorFixture f(renotifying());
    niamd::master::SilenceBook book;
    f.monitor->set_silences(&book);
    f.start();
    silence(book, f, 600);
    fail_for(f, 200);  // CHECK_FAILED at 0, 60, 120 and 180 s
    CHECK(f.raised.empty());
    CHECK(suppressed_in_store(f, AlertKind::CheckFailed) == 4);
    CHECK(f.monitor->counters().alerts_suppressed == 4);
    const auto snapshot = f.monitor->snapshot(f.now());
    CHECK(snapshot->counters.alerts_suppressed == 4);
    // Another host is not silenced.
    f.deliver(niamd::protocol::encode_record(MonitorFixture::check_record("db1", f.now(), 1)));
    f.round();
    CHECK(f.count(AlertKind::CheckFailed) == 1);
}

TEST_CASE("silences: the end of a silence while the check still fails sends exactly one alert", "[silences][master]") {
    MonitorFixture f(test_support::short_timers(300, 600));
    niamd::master::SilenceBook book;
    f.monitor->set_silences(&book);
    f.start();
    silence(book, f, 100, "www.example.org:80");
    fail_for(f, 90);
    CHECK(f.raised.empty());
    CHECK(suppressed_in_store(f, AlertKind::CheckFailed) == 1);
    f.run_for(30);  // the silence ends at 100 s
    REQUIRE(f.count(AlertKind::CheckFailed) == 1);
    CHECK(f.raised_of(AlertKind::CheckFailed)[0].detail.find("still so at its end") != std::string::npos);
    fail_for(f, 100);  // still failing, no RENOTIFY: nothing more
    CHECK(f.count(AlertKind::CheckFailed) == 1);
}

TEST_CASE("silences: a check that recovered before the silence ended sends nothing", "[silences][master]") {
    MonitorFixture f(test_support::short_timers(300, 600));
    niamd::master::SilenceBook book;
    f.monitor->set_silences(&book);
    f.start();
    silence(book, f, 100);
    fail_for(f, 40);
    fail_for(f, 40, 0);
    f.run_for(60);
    CHECK(f.raised.empty());
    CHECK(suppressed_in_store(f, AlertKind::CheckFailed) == 1);
    CHECK(suppressed_in_store(f, AlertKind::CheckOk) == 1);
}

TEST_CASE("silences: a silence on one check leaves the host's other alerts alone", "[silences][master]") {
    MonitorFixture f(test_support::short_timers(300, 600));
    niamd::master::SilenceBook book;
    f.monitor->set_silences(&book);
    f.start();
    silence(book, f, 100, "other.example.org");
    fail_for(f, 10);
    CHECK(f.count(AlertKind::CheckFailed) == 1);
    CHECK(f.monitor->counters().alerts_suppressed == 0);
}

TEST_CASE(
    "silences: a maintenance window that began while the master was down is honoured and its end "
    "alerts a host still MISSING",
    "[silences][master]") {
    auto config = test_support::short_timers(3, 600);
    niamd::config::MaintenanceSpec window;
    window.kind = niamd::config::MaintenanceSpec::Kind::Once;
    window.host = "*";
    window.line = 7;
    MonitorFixture f(config);
    window.starts = f.now() + 100;
    window.ends = f.now() + 300;
    f.config.maintenance.push_back(window);
    f.start();
    f.ping("web1");
    f.round();
    // The master is down from 0 s to 150 s: the window begins (at 100 s) meanwhile.
    f.advance(150);
    f.restart();
    f.run_for(20);  // web1 sends nothing: MISSING after WARN_AFTER of reading the queue
    CHECK(f.count(AlertKind::Missing) == 0);
    CHECK(suppressed_in_store(f, AlertKind::Missing) == 1);
    f.run_for(140);  // the window ends at 300 s
    REQUIRE(f.count(AlertKind::Missing) == 1);
    f.run_for(20);
    CHECK(f.count(AlertKind::Missing) == 1);
}

TEST_CASE("silences: a host that came back inside its window sends nothing at the end", "[silences][master]") {
    auto config = test_support::short_timers(3, 600);
    MonitorFixture f(config);
    niamd::config::MaintenanceSpec window;
    window.host = "web1";
    window.starts = f.now();
    window.ends = f.now() + 60;
    f.config.maintenance.push_back(window);
    f.monitor->configure(f.config);
    f.start();
    f.ping("web1");
    f.round();
    f.run_for(20);
    CHECK(suppressed_in_store(f, AlertKind::Missing) == 1);
    f.ping("web1");
    f.round();
    CHECK(suppressed_in_store(f, AlertKind::Recovered) == 1);
    for (int i = 0; i < 60; ++i) {  // alive past the window's end at 60 s
        f.ping("web1");
        f.run_for(1);
    }
    CHECK(f.raised.empty());
}
