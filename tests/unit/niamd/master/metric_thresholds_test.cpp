// MetricThresholds: levels per (host, series, threshold), FOR on the samples' times, alerts
// on change only, RENOTIFY, bounds. No sleeping: every time is passed in.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "config/config_parser.hpp"
#include "master/metric_thresholds.hpp"

using niamd::master::MetricAlert;
using niamd::master::MetricThresholds;
using niamd::metrics::Sample;
using niamd::store::AlertKind;
using niamd::store::HostKey;

namespace {

const HostKey kWeb1{"web1", "i-0abc"};
const HostKey kWeb2{"web2", "i-0def"};
constexpr std::int64_t kT0 = 1700000000;

niamd::config::HostConfig config_of(const std::string& text) {
    auto parsed = niamd::config::parse_config("ROLE=master\n" + text, "conf/monitor");
    REQUIRE(parsed.problems.empty());
    return parsed.config;
}

Sample sample(std::string name, double value, std::int64_t time, std::vector<niamd::metrics::Tag> tags = {},
              std::string unit = "") {
    Sample s;
    s.name = std::move(name);
    s.value = value;
    s.time = time;
    s.tags = std::move(tags);
    s.unit = std::move(unit);
    return s;
}

Sample root_fs(double used, std::int64_t time) { return sample("fs.used_pct", used, time, {{"mount", "/"}}, "%"); }

std::vector<AlertKind> kinds(const std::vector<MetricAlert>& alerts) {
    std::vector<AlertKind> out;
    for (const auto& a : alerts) out.push_back(a.kind);
    return out;
}

}  // namespace

TEST_CASE("metric thresholds: outside CRIT is CRITICAL and outside WARN is WARNING at once without FOR",
          "[master][thresholds]") {
    MetricThresholds thresholds(config_of("THRESHOLD load.1 ~:4 ~:8\n"));
    CHECK(thresholds.apply(kWeb1, sample("load.1", 1, kT0), kT0).empty());  // OK at first sight: no alert
    auto warning = thresholds.apply(kWeb1, sample("load.1", 5, kT0 + 60), kT0 + 60);
    REQUIRE(warning.size() == 1);
    CHECK(warning[0].kind == AlertKind::MetricWarning);
    CHECK(warning[0].detail == "load.1 = 5 WARNING: outside WARN ~:4 for 0 s (THRESHOLD load.1 ~:4 ~:8, line 2)");
    auto critical = thresholds.apply(kWeb1, sample("load.1", 8.5, kT0 + 120), kT0 + 120);
    REQUIRE(critical.size() == 1);
    CHECK(critical[0].kind == AlertKind::MetricCritical);
    CHECK(critical[0].detail ==
          "load.1 = 8.5 CRITICAL (was WARNING): outside CRIT ~:8 for 0 s (THRESHOLD load.1 ~:4 ~:8, line 2)");
    // The ends are inclusive: 8 is not above ~:8, so down to WARNING; then OK.
    CHECK(kinds(thresholds.apply(kWeb1, sample("load.1", 8, kT0 + 180), kT0 + 180)) ==
          std::vector{AlertKind::MetricWarning});
    auto ok = thresholds.apply(kWeb1, sample("load.1", 4, kT0 + 240), kT0 + 240);
    REQUIRE(ok.size() == 1);
    CHECK(ok[0].kind == AlertKind::MetricOk);
    CHECK(ok[0].detail == "load.1 = 4 OK again (WARNING for 60 s) (THRESHOLD load.1 ~:4 ~:8, line 2)");
}

TEST_CASE("metric thresholds: only a change alerts", "[master][thresholds]") {
    MetricThresholds thresholds(config_of("THRESHOLD load.1 ~:4 ~:8\n"));
    std::size_t alerts = 0;
    for (int i = 0; i < 10; ++i) alerts += thresholds.apply(kWeb1, sample("load.1", 9, kT0 + i), kT0 + i).size();
    CHECK(alerts == 1);
    for (int i = 10; i < 20; ++i) alerts += thresholds.apply(kWeb1, sample("load.1", 1, kT0 + i), kT0 + i).size();
    CHECK(alerts == 2);
}

TEST_CASE("metric thresholds: a level is raised only after it held FOR seconds of sample time",
          "[master][thresholds]") {
    MetricThresholds thresholds(config_of("THRESHOLD fs.used_pct[mount=/] 80 90 FOR 300\n"));
    // The master's clock (`now`) stays put: FOR counts the samples' own times.
    const std::int64_t now = kT0 + 10000;
    CHECK(thresholds.apply(kWeb1, root_fs(95, kT0), now).empty());
    CHECK(thresholds.apply(kWeb1, root_fs(96, kT0 + 299), now).empty());
    auto raised = thresholds.apply(kWeb1, root_fs(97, kT0 + 300), now);
    REQUIRE(raised.size() == 1);
    CHECK(raised[0].kind == AlertKind::MetricCritical);
    CHECK(raised[0].detail ==
          "fs.used_pct[mount=/] = 97% CRITICAL: outside CRIT 90 for 300 s "
          "(THRESHOLD fs.used_pct[mount=/] 80 90 FOR 300, line 2)");
    // Better is raised at once: WARNING, then OK.
    CHECK(kinds(thresholds.apply(kWeb1, root_fs(85, kT0 + 301), now)) == std::vector{AlertKind::MetricWarning});
    CHECK(kinds(thresholds.apply(kWeb1, root_fs(50, kT0 + 302), now)) == std::vector{AlertKind::MetricOk});
}

TEST_CASE("metric thresholds: a dip back within the range starts FOR again", "[master][thresholds]") {
    MetricThresholds thresholds(config_of("THRESHOLD fs.used_pct[mount=/] 80 90 FOR 300\n"));
    CHECK(thresholds.apply(kWeb1, root_fs(95, kT0), kT0).empty());
    CHECK(thresholds.apply(kWeb1, root_fs(95, kT0 + 200), kT0 + 200).empty());
    CHECK(thresholds.apply(kWeb1, root_fs(10, kT0 + 250), kT0 + 250).empty());  // never raised: no OK either
    CHECK(thresholds.apply(kWeb1, root_fs(95, kT0 + 260), kT0 + 260).empty());
    CHECK(thresholds.apply(kWeb1, root_fs(95, kT0 + 500), kT0 + 500).empty());  // 240 s since the dip
    CHECK(kinds(thresholds.apply(kWeb1, root_fs(95, kT0 + 560), kT0 + 560)) == std::vector{AlertKind::MetricCritical});
}

TEST_CASE("metric thresholds: WARNING held while CRITICAL is still young raises WARNING first",
          "[master][thresholds]") {
    MetricThresholds thresholds(config_of("THRESHOLD fs.used_pct[mount=/] 80 90 FOR 300\n"));
    CHECK(thresholds.apply(kWeb1, root_fs(85, kT0), kT0).empty());
    CHECK(thresholds.apply(kWeb1, root_fs(95, kT0 + 200), kT0 + 200).empty());
    auto warning = thresholds.apply(kWeb1, root_fs(95, kT0 + 300), kT0 + 300);
    REQUIRE(warning.size() == 1);
    CHECK(warning[0].kind == AlertKind::MetricWarning);  // WARNING or worse for 300 s, CRITICAL for 100 s
    CHECK(thresholds.apply(kWeb1, root_fs(95, kT0 + 499), kT0 + 499).empty());
    CHECK(kinds(thresholds.apply(kWeb1, root_fs(95, kT0 + 500), kT0 + 500)) == std::vector{AlertKind::MetricCritical});
}

TEST_CASE("metric thresholds: tags select the series and each host and series has its own level",
          "[master][thresholds]") {
    MetricThresholds thresholds(config_of("THRESHOLD fs.used_pct[mount=/] 80 90\n"));
    // Another mount, another metric: not judged.
    CHECK(thresholds.apply(kWeb1, sample("fs.used_pct", 99, kT0, {{"mount", "/boot"}}), kT0).empty());
    CHECK(thresholds.apply(kWeb1, sample("fs.inodes_used_pct", 99, kT0, {{"mount", "/"}}), kT0).empty());
    CHECK(thresholds.size() == 0);
    // More tags than the selector's still match; the order of tags does not matter.
    const std::vector<niamd::metrics::Tag> tags{{"fs", "ext4"}, {"mount", "/"}};
    CHECK(kinds(thresholds.apply(kWeb1, sample("fs.used_pct", 99, kT0, tags), kT0)) ==
          std::vector{AlertKind::MetricCritical});
    CHECK(
        thresholds.apply(kWeb1, sample("fs.used_pct", 99, kT0 + 1, {{"mount", "/"}, {"fs", "ext4"}}), kT0 + 1).empty());
    // web2 has its own level.
    CHECK(kinds(thresholds.apply(kWeb2, root_fs(99, kT0), kT0)) == std::vector{AlertKind::MetricCritical});
    CHECK(thresholds.size() == 2);
}

TEST_CASE("metric thresholds: two thresholds on one series alert each", "[master][thresholds]") {
    MetricThresholds thresholds(config_of("THRESHOLD fs.used_pct 70 80\nTHRESHOLD fs.used_pct[mount=/] @0:5 -\n"));
    auto alerts = thresholds.apply(kWeb1, root_fs(2, kT0), kT0);
    REQUIRE(alerts.size() == 1);  // inside @0:5: WARNING; 2 is within 70
    CHECK(alerts[0].kind == AlertKind::MetricWarning);
    CHECK(alerts[0].detail.find("inside WARN @5") != std::string::npos);
    CHECK(thresholds.apply(kWeb1, root_fs(90, kT0 + 1), kT0 + 1).size() == 2);  // CRITICAL for one, OK for the other
    CHECK(thresholds.size() == 2);
}

TEST_CASE("metric thresholds: a sample not newer than the last one changes nothing", "[master][thresholds]") {
    MetricThresholds thresholds(config_of("THRESHOLD load.1 ~:4 ~:8\n"));
    CHECK(thresholds.apply(kWeb1, sample("load.1", 1, kT0 + 100), kT0 + 100).empty());
    CHECK(thresholds.apply(kWeb1, sample("load.1", 50, kT0 + 50), kT0 + 101).empty());   // replayed from a spool
    CHECK(thresholds.apply(kWeb1, sample("load.1", 50, kT0 + 100), kT0 + 101).empty());  // redelivered
    CHECK(kinds(thresholds.apply(kWeb1, sample("load.1", 50, kT0 + 101), kT0 + 101)) ==
          std::vector{AlertKind::MetricCritical});
}

TEST_CASE("metric thresholds: a sample without a time is judged at the master's time", "[master][thresholds]") {
    MetricThresholds thresholds(config_of("THRESHOLD load.1 ~:4 ~:8 FOR 60\n"));
    CHECK(thresholds.apply(kWeb1, sample("load.1", 9, 0), kT0).empty());
    CHECK(kinds(thresholds.apply(kWeb1, sample("load.1", 9, 0), kT0 + 60)) == std::vector{AlertKind::MetricCritical});
}

TEST_CASE("metric thresholds: RENOTIFY repeats a level still held on the master's clock", "[master][thresholds]") {
    MetricThresholds thresholds(config_of("RENOTIFY 3600\nTHRESHOLD load.1 ~:4 ~:8\n"));
    CHECK(thresholds.apply(kWeb1, sample("load.1", 9, kT0), kT0).size() == 1);
    CHECK(thresholds.apply(kWeb1, sample("load.1", 9, kT0 + 60), kT0 + 3599).empty());
    auto again = thresholds.apply(kWeb1, sample("load.1", 9, kT0 + 120), kT0 + 3600);
    REQUIRE(again.size() == 1);
    CHECK(again[0].kind == AlertKind::MetricCritical);
    CHECK(again[0].detail ==
          "load.1 = 9 still CRITICAL since 2023-11-14T22:13:20Z: outside CRIT ~:8 (THRESHOLD load.1 ~:4 ~:8, line 3)");
    CHECK(thresholds.apply(kWeb1, sample("load.1", 9, kT0 + 180), kT0 + 3700).empty());
    CHECK(thresholds.apply(kWeb1, sample("load.1", 9, kT0 + 240), kT0 + 7200).size() == 1);
    // An OK series is never repeated.
    CHECK(kinds(thresholds.apply(kWeb1, sample("load.1", 1, kT0 + 300), kT0 + 7300)) ==
          std::vector{AlertKind::MetricOk});
    CHECK(thresholds.apply(kWeb1, sample("load.1", 1, kT0 + 400), kT0 + 20000).empty());
}

TEST_CASE("metric thresholds: without RENOTIFY a held level is never repeated", "[master][thresholds]") {
    MetricThresholds thresholds(config_of("THRESHOLD load.1 ~:4 ~:8\n"));
    CHECK(thresholds.apply(kWeb1, sample("load.1", 9, kT0), kT0).size() == 1);
    CHECK(thresholds.apply(kWeb1, sample("load.1", 9, kT0 + 86400), kT0 + 86400).empty());
}

TEST_CASE("metric thresholds: forget drops a purged host's levels", "[master][thresholds]") {
    MetricThresholds thresholds(config_of("THRESHOLD load.1 ~:4 ~:8\n"));
    CHECK(thresholds.apply(kWeb1, sample("load.1", 9, kT0), kT0).size() == 1);
    CHECK(thresholds.apply(kWeb2, sample("load.1", 9, kT0), kT0).size() == 1);
    CHECK(thresholds.size() == 2);
    thresholds.forget(kWeb1);
    thresholds.forget({"nobody", "i-0"});
    CHECK(thresholds.size() == 1);
    // A host coming back starts from OK: the level is raised again.
    CHECK(thresholds.apply(kWeb1, sample("load.1", 9, kT0 + 1), kT0 + 1).size() == 1);
}

TEST_CASE("metric thresholds: levels per host are bounded and the refusals counted", "[master][thresholds]") {
    MetricThresholds thresholds(config_of("THRESHOLD if.errors 10 20\n"));
    for (std::size_t i = 0; i < niamd::master::kMaxLevelsPerHost + 10; ++i) {
        thresholds.apply(kWeb1, sample("if.errors", 1, kT0, {{"if", "eth" + std::to_string(i)}}), kT0);
    }
    CHECK(thresholds.size() == niamd::master::kMaxLevelsPerHost);
    CHECK(thresholds.refused() == 10);
    // Another host has its own bound; a known series still gets judged.
    CHECK(thresholds.apply(kWeb2, sample("if.errors", 50, kT0), kT0).size() == 1);
    CHECK(thresholds.apply(kWeb1, sample("if.errors", 50, kT0 + 1, {{"if", "eth0"}}), kT0 + 1).size() == 1);
}

TEST_CASE("metric thresholds: a reload keeps the levels of unchanged statements and drops the others",
          "[master][thresholds]") {
    MetricThresholds thresholds(config_of("THRESHOLD load.1 ~:4 ~:8\nTHRESHOLD load.5 ~:4 ~:8\n"));
    CHECK(thresholds.apply(kWeb1, sample("load.1", 9, kT0), kT0).size() == 1);
    CHECK(thresholds.apply(kWeb1, sample("load.5", 9, kT0), kT0).size() == 1);
    // load.1 unchanged (on another line), load.5 changed, load.15 new.
    thresholds.configure(config_of("\nTHRESHOLD load.5 ~:2 ~:3\nTHRESHOLD load.1 ~:4 ~:8\nTHRESHOLD load.15 1 2\n"));
    CHECK(thresholds.size() == 1);
    CHECK(thresholds.apply(kWeb1, sample("load.1", 9, kT0 + 1), kT0 + 1).empty());  // still CRITICAL: no alert
    CHECK(kinds(thresholds.apply(kWeb1, sample("load.5", 9, kT0 + 1), kT0 + 1)) ==
          std::vector{AlertKind::MetricCritical});  // a new statement judges afresh
    thresholds.configure(config_of(""));
    CHECK_FALSE(thresholds.active());
    CHECK(thresholds.size() == 0);
    CHECK(thresholds.apply(kWeb1, sample("load.1", 9, kT0 + 2), kT0 + 2).empty());
}
