// Silences and maintenance windows: the pure matchers, the time zones under them and the
// MAINTENANCE statement (docs/silences.md).
#include <catch2/catch.hpp>

#include <string>
#include <variant>

#include "config/config_parser.hpp"
#include "config/maintenance_statements.hpp"
#include "master/silences.hpp"
#include "timezone/time_zone.hpp"

using niamd::config::MaintenanceSpec;
using niamd::config::parse_config;
using niamd::master::AlertSubject;
using niamd::master::silence_covers;
using niamd::master::SilenceBook;
using niamd::master::window_covers;
using niamd::store::HostKey;
using niamd::store::SilenceRow;
using niamd::timezone::TimeZone;

namespace {

constexpr std::int64_t kDstStart = 1774746000;  // 2026-03-29T01:00:00Z: Paris 02:00 CET becomes 03:00 CEST
constexpr std::int64_t kDstEnd = 1792890000;    // 2026-10-25T01:00:00Z: Paris 03:00 CEST becomes 02:00 CET
constexpr std::int64_t kSaturday = 1796428800;  // 2026-12-05T00:00:00Z
constexpr std::int64_t kHour = 3600;

MaintenanceSpec only_window(const std::string& line) {
    const auto parsed = parse_config("ROLE=master\n" + line + "\n", "conf/monitor");
    for (const auto& problem : parsed.problems) INFO(problem.describe());
    REQUIRE(parsed.problems.empty());
    REQUIRE(parsed.config.maintenance.size() == 1);
    return parsed.config.maintenance[0];
}

const HostKey kWeb{"web1", "i-0123"};

SilenceRow silence_of(std::string host, std::int64_t starts, std::int64_t ends, std::string author = "alice") {
    SilenceRow row;
    row.host = std::move(host);
    row.starts = starts;
    row.ends = ends;
    row.comment = "deploy";
    row.author = std::move(author);
    return row;
}

}  // namespace

TEST_CASE("timezone: Europe/Paris from the system tzdata with its DST changes of 2026", "[silences][timezone]") {
    auto loaded = TimeZone::load("Europe/Paris");
    REQUIRE(std::holds_alternative<std::shared_ptr<const TimeZone>>(loaded));
    const auto& zone = *std::get<std::shared_ptr<const TimeZone>>(loaded);
    CHECK(zone.offset_at(kDstStart - 1) == kHour);
    CHECK(zone.offset_at(kDstStart) == 2 * kHour);
    CHECK(zone.offset_at(kDstEnd - 1) == 2 * kHour);
    CHECK(zone.offset_at(kDstEnd) == kHour);
    // 2100: past the transitions of any file, from the footer's rule.
    CHECK(zone.offset_at(4118083200) == 2 * kHour);  // 2100-07-01
    CHECK(zone.offset_at(4102444800) == kHour);      // 2100-01-01
}

TEST_CASE("timezone: unknown or unsafe zone names and bad files are refused", "[silences][timezone]") {
    CHECK(std::holds_alternative<std::string>(TimeZone::load("Mars/Olympus_Mons")));
    CHECK(std::holds_alternative<std::string>(TimeZone::load("../../etc/passwd")));
    CHECK(std::holds_alternative<std::string>(TimeZone::load("/etc/passwd")));
    CHECK(std::holds_alternative<std::string>(TimeZone::parse("TZif2", "x")));
    CHECK(std::holds_alternative<std::string>(TimeZone::parse("not a zone at all, not at all, no", "x")));
}

TEST_CASE("timezone: POSIX TZ rules of both hemispheres", "[silences][timezone]") {
    const auto paris = niamd::timezone::parse_posix_rule("CET-1CEST,M3.5.0,M10.5.0/3");
    REQUIRE(paris);
    CHECK(paris->offset_at(kDstStart - 1) == kHour);
    CHECK(paris->offset_at(kDstStart) == 2 * kHour);
    CHECK(paris->offset_at(kDstEnd) == kHour);
    // Sydney: DST from the first Sunday of October to the first Sunday of April.
    const auto sydney = niamd::timezone::parse_posix_rule("AEST-10AEDT,M10.1.0,M4.1.0/3");
    REQUIRE(sydney);
    CHECK(sydney->offset_at(kSaturday) == 11 * kHour);                // December: summer
    CHECK(sydney->offset_at(kSaturday - 180 * 86400) == 10 * kHour);  // June: winter
    CHECK(niamd::timezone::parse_posix_rule("<+0330>-3:30")->offset_at(0) == 12600);
    CHECK_FALSE(niamd::timezone::parse_posix_rule("CET-1CEST"));
    CHECK_FALSE(niamd::timezone::parse_posix_rule("C-1"));
    CHECK_FALSE(niamd::timezone::parse_posix_rule("CET-1CEST,M13.5.0,M10.5.0"));
}

TEST_CASE("silences: a weekly window of Sunday 02:00-04:00 in Paris over both DST changes", "[silences]") {
    const auto window = only_window("MAINTENANCE WEEKLY * Sun 02:00-04:00 Europe/Paris kernel updates");
    CHECK(window.comment == "kernel updates");
    CHECK(window.line == 2);
    // March: 02:00-03:00 does not exist, so the window is one hour long.
    CHECK_FALSE(window_covers(window, kWeb, kDstStart - 1));  // 01:59:59 CET
    CHECK(window_covers(window, kWeb, kDstStart));            // 03:00 CEST
    CHECK(window_covers(window, kWeb, kDstStart + kHour - 1));
    CHECK_FALSE(window_covers(window, kWeb, kDstStart + kHour));  // 04:00 CEST
    // October: 02:00-03:00 comes twice, so the window is three hours long.
    CHECK_FALSE(window_covers(window, kWeb, kDstEnd - kHour - 1));  // 01:59:59 CEST
    CHECK(window_covers(window, kWeb, kDstEnd - kHour));            // 02:00 CEST
    CHECK(window_covers(window, kWeb, kDstEnd));                    // 02:00 CET
    CHECK(window_covers(window, kWeb, kDstEnd + 2 * kHour - 1));    // 03:59:59 CET
    CHECK_FALSE(window_covers(window, kWeb, kDstEnd + 2 * kHour));  // 04:00 CET
    // Not on another day.
    CHECK_FALSE(window_covers(window, kWeb, kDstEnd - 86400));
}

TEST_CASE("silences: a weekly window over midnight belongs to the day it begins", "[silences]") {
    const auto window = only_window("maintenance weekly web1 Sat 22:00-02:00 UTC");
    CHECK(window.days == 1u << 5);
    CHECK_FALSE(window_covers(window, kWeb, kSaturday + 22 * kHour - 1));
    CHECK(window_covers(window, kWeb, kSaturday + 22 * kHour));
    CHECK(window_covers(window, kWeb, kSaturday + 24 * kHour));        // Sunday 00:00
    CHECK(window_covers(window, kWeb, kSaturday + 26 * kHour - 1));    // Sunday 01:59:59
    CHECK_FALSE(window_covers(window, kWeb, kSaturday + 26 * kHour));  // Sunday 02:00
    CHECK_FALSE(window_covers(window, kWeb, kSaturday + 46 * kHour));  // Sunday 22:00: not named
    CHECK_FALSE(window_covers(window, kWeb, kSaturday + kHour));       // Saturday 01:00: Friday not named
    CHECK_FALSE(window_covers(window, HostKey{"db1", "i-9"}, kSaturday + 23 * kHour));  // another host
    CHECK(window_covers(window, HostKey{"other", "web1"}, kSaturday + 23 * kHour));     // named by instance id
}

TEST_CASE("silences: ONCE windows cover from start until end and a master started inside one honours it",
          "[silences]") {
    const auto window = only_window("MAINTENANCE ONCE web1 2026-12-05T22:00:00Z 2026-12-06T01:30:00+01:00");
    CHECK(window.starts == kSaturday + 22 * kHour);
    CHECK(window.ends == kSaturday + 24 * kHour + 30 * 60);
    CHECK_FALSE(window_covers(window, kWeb, window.starts - 1));
    // A master that was down at the start asks for the first time an hour later: covered.
    CHECK(window_covers(window, kWeb, window.starts + kHour));
    CHECK(window_covers(window, kWeb, window.ends - 1));
    CHECK_FALSE(window_covers(window, kWeb, window.ends));
}

TEST_CASE("silences: MAINTENANCE problems name the file and line", "[silences]") {
    const auto problem = [](const std::string& line) {
        const auto parsed = parse_config("ROLE=master\n" + line + "\n", "conf/monitor");
        REQUIRE(parsed.problems.size() == 1);
        CHECK(parsed.config.maintenance.empty());
        return parsed.problems[0].describe();
    };
    CHECK(problem("MAINTENANCE ONCE * 2026-03-29T02:00Z 2026-03-29T04:00+02:00") ==
          "conf/monitor:2: MAINTENANCE ONCE end is not after its start");
    CHECK(problem("MAINTENANCE ONCE * 2026-03-29 2026-03-30").find("conf/monitor:2: MAINTENANCE ONCE start") == 0);
    CHECK(problem("MAINTENANCE ONCE * 2026-02-30T00:00Z 2026-03-30T00:00Z").find("is not an ISO-8601 time") !=
          std::string::npos);
    CHECK(problem("MAINTENANCE WEEKLY * Mon 02:00-04:00 Mars/Olympus")
              .find("conf/monitor:2: MAINTENANCE WEEKLY "
                    "zone: unknown time zone") == 0);
    CHECK(problem("MAINTENANCE WEEKLY * Moon 02:00-04:00 UTC").find("days 'Moon'") != std::string::npos);
    CHECK(problem("MAINTENANCE WEEKLY * Mon 2:00-04:00 UTC").find("hours '2:00-04:00'") != std::string::npos);
    CHECK(problem("MAINTENANCE WEEKLY * Mon 04:00-04:00 UTC").find("empty window") != std::string::npos);
    CHECK(problem("MAINTENANCE DAILY * 04:00-05:00 UTC").find("MAINTENANCE needs") != std::string::npos);
    CHECK(problem("MAINTENANCE WEEKLY we/b Mon 04:00-05:00 UTC").find("MAINTENANCE host") != std::string::npos);
}

TEST_CASE("silences: weekday lists and ranges that may wrap over the week's end", "[silences]") {
    using niamd::config::parse_weekdays;
    CHECK(parse_weekdays("Mon,Tue") == 0b0000011u);
    CHECK(parse_weekdays("Sat-Sun") == 0b1100000u);
    CHECK(parse_weekdays("mon-fri") == 0b0011111u);
    CHECK(parse_weekdays("Sat-Mon") == 0b1100001u);
    CHECK(parse_weekdays("Mon-Fri,Sun") == 0b1011111u);
    CHECK_FALSE(parse_weekdays(""));
    CHECK_FALSE(parse_weekdays("Mon,"));
    CHECK_FALSE(parse_weekdays("Mon-"));
    CHECK_FALSE(parse_weekdays("Monday"));
}

TEST_CASE("silences: a silence covers its host or one check of it from starts until ends", "[silences]") {
    SilenceRow host = silence_of("web1", 100, 200);
    const AlertSubject liveness{kWeb, std::nullopt};
    const AlertSubject http{kWeb, std::pair<std::string, std::string>{"web1.example", "443"}};
    CHECK_FALSE(silence_covers(host, liveness, 99));
    CHECK(silence_covers(host, liveness, 100));
    CHECK(silence_covers(host, http, 199));
    CHECK_FALSE(silence_covers(host, http, 200));
    SilenceRow check = host;
    check.check = "web1.example:443";
    CHECK_FALSE(silence_covers(check, liveness, 150));
    CHECK(silence_covers(check, http, 150));
    check.check = "web1.example";
    CHECK(silence_covers(check, http, 150));
    check.check = "web1.example:80";
    CHECK_FALSE(silence_covers(check, http, 150));
    SilenceRow every = host;
    every.host = "*";
    CHECK(silence_covers(every, AlertSubject{HostKey{"db1", "i-9"}, std::nullopt}, 150));
    CHECK_FALSE(silence_covers(every, AlertSubject{HostKey{}, std::nullopt}, 150));  // the master's own alerts
}

TEST_CASE("silences: the book refuses bad silences and more than 10000 and prunes ended ones", "[silences]") {
    SilenceBook book;
    SilenceRow silence = silence_of("web1", 1000, 2000);
    auto added = book.add(silence, 1000);
    REQUIRE(std::holds_alternative<SilenceRow>(added));
    CHECK(std::get<SilenceRow>(added).id == 1);
    CHECK(std::get<SilenceRow>(added).created == 1000);
    CHECK(std::get<std::string>(book.add(silence_of("", 1, 2000), 1000)) ==
          "host must be a hostname, an instance id or *");
    CHECK(std::get<std::string>(book.add(silence_of("x", 1, 900), 1000)) == "ends must be in the future");
    for (int i = 1; i < 10000; ++i) REQUIRE(std::holds_alternative<SilenceRow>(book.add(silence, 1000)));
    const auto refused = book.add(silence, 1500);
    REQUIRE(std::holds_alternative<std::string>(refused));
    CHECK(std::get<std::string>(refused).find("too many silences") == 0);
    CHECK(book.list(1500).size() == 10000);
    // Once they ended, a new one is taken and the ended ones go (from the store too).
    (void)book.take_changes();
    silence.ends = 3000;
    REQUIRE(std::holds_alternative<SilenceRow>(book.add(silence, 2000)));
    CHECK(book.list(2000).size() == 1);
    const auto changes = book.take_changes();
    CHECK(changes.removed.size() == 10000);
    CHECK(changes.added.size() == 1);
    CHECK(book.remove(changes.added[0].id));
    CHECK_FALSE(book.remove(changes.added[0].id));
    CHECK(book.take_changes().removed == std::vector<std::int64_t>{changes.added[0].id});
}
