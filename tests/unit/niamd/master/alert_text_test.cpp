// Alert words: the alert.log line, SNS subject and message.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "master/alert_log.hpp"
#include "master/alert_text.hpp"

using niamd::master::alert_log_line;
using niamd::master::iso_time;
using niamd::master::make_alert;
using niamd::store::AlertKind;

TEST_CASE("alert text: the alert.log line", "[master]") {
    CHECK(iso_time(1700000000) == "2023-11-14T22:13:20Z");
    const auto missing = make_alert(1700000000, AlertKind::Missing, {"web1", "i-0abc"}, "no PING for 125 s");
    CHECK(alert_log_line(missing) == "2023-11-14T22:13:20Z MISSING web1 i-0abc no PING for 125 s");
    const auto queue = make_alert(1700000000, AlertKind::QueueUnreachable, {}, "cannot read\nthe queue");
    CHECK(alert_log_line(queue) == "2023-11-14T22:13:20Z QUEUE_UNREACHABLE - - cannot read the queue");
}

TEST_CASE("alert text: alert.log fields are unambiguous and show hidden controls escaped", "[master]") {
    // U+202E RIGHT-TO-LEFT OVERRIDE, U+009B CSI, U+2028 LINE SEPARATOR.
    const auto bidi = make_alert(1700000000, AlertKind::Missing,
                                 {"ab\xE2\x80\xAE"
                                  "dc",
                                  "i-0abc"},
                                 "no PING \xC2\x9B"
                                 "2J\xE2\x80\xA8x");
    CHECK(alert_log_line(bidi) == "2023-11-14T22:13:20Z MISSING ab<U+202E>dc i-0abc no PING <U+009B>2J<U+2028>x");
    const auto spaced = make_alert(1700000000, AlertKind::Missing, {"web 1 i-0fake", "i-0abc"}, "d");
    CHECK(alert_log_line(spaced) == "2023-11-14T22:13:20Z MISSING \"web 1 i-0fake\" i-0abc d");
    const auto quoted = make_alert(1700000000, AlertKind::Missing, {"a\"b\\c", "-"}, "d");
    CHECK(alert_log_line(quoted) == "2023-11-14T22:13:20Z MISSING \"a\\\"b\\\\c\" \"-\" d");
}

TEST_CASE("alert text: subject and message", "[master]") {
    const auto alert = make_alert(1700000000, AlertKind::CheckFailed, {"web1", "i-0abc"}, "HTTP www:80 FAILED");
    CHECK(alert.subject == "niam: CHECK_FAILED web1 (i-0abc)");
    CHECK(alert.message ==
          "CHECK_FAILED web1\nHost: web1\nInstance: i-0abc\nTime: 2023-11-14T22:13:20Z\nDetail: HTTP www:80 FAILED\n");
    const auto long_host = make_alert(0, AlertKind::Missing, {std::string(300, 'h'), "i-1"}, "x");
    CHECK(long_host.subject.size() <= 100);
    CHECK(long_host.subject.substr(long_host.subject.size() - 3) == "...");
}

TEST_CASE("alert text: a METRIC_* subject names the series and its value", "[master]") {
    const auto alert = make_alert(1700000000, AlertKind::MetricCritical, {"web1", "i-0abc"},
                                  "fs.used_pct[mount=/] = 93.5% CRITICAL: outside CRIT 90 for 320 s "
                                  "(THRESHOLD fs.used_pct[mount=/] 80 90 FOR 300, line 4)");
    CHECK(alert.subject.size() <= 100);
    CHECK(alert.subject.rfind("niam: METRIC_CRITICAL web1 (i-0abc): fs.used_pct[mount=/] = 93.5% CRITICAL", 0) == 0);
    CHECK(alert.message.find("Detail: fs.used_pct[mount=/] = 93.5% CRITICAL: outside CRIT 90 for 320 s") !=
          std::string::npos);
    const auto ok = make_alert(1700000000, AlertKind::MetricOk, {"web1", "i-0abc"}, "load.1 = 0.5 OK again");
    CHECK(ok.subject == "niam: METRIC_OK web1 (i-0abc): load.1 = 0.5 OK again");
    CHECK(alert_log_line(ok) == "2023-11-14T22:13:20Z METRIC_OK web1 i-0abc load.1 = 0.5 OK again");
}

TEST_CASE("alert log: appends one line per alert", "[master]") {
    const auto dir = std::filesystem::temp_directory_path() / ("niam-alert-log-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    niamd::master::AlertLog log(dir / "alert.log");
    CHECK(log.append(make_alert(1700000000, AlertKind::Missing, {"web1", "i-1"}, "a")));
    CHECK(log.append(make_alert(1700000001, AlertKind::Recovered, {"web1", "i-1"}, "b")));
    std::ifstream in(dir / "alert.log");
    std::stringstream text;
    text << in.rdbuf();
    CHECK(text.str() == "2023-11-14T22:13:20Z MISSING web1 i-1 a\n2023-11-14T22:13:21Z RECOVERED web1 i-1 b\n");
    niamd::master::AlertLog nowhere(dir / "missing-dir" / "alert.log");
    CHECK_FALSE(nowhere.append(make_alert(0, AlertKind::Missing, {"web1", "i-1"}, "a")));
    std::filesystem::remove_all(dir);
}
