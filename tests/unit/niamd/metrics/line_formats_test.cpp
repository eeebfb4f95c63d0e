#include <catch2/catch.hpp>

#include <string>

#include "metrics/graphite_line.hpp"
#include "metrics/influx_line.hpp"
#include "metrics/opentsdb_line.hpp"
#include "metrics/prometheus_text.hpp"

using niamd::metrics::parse_graphite;
using niamd::metrics::parse_influx;
using niamd::metrics::parse_opentsdb;
using niamd::metrics::parse_prometheus;
using niamd::metrics::Tag;

TEST_CASE("graphite: name value timestamp, spaces or tabs (Sensu's format)") {
    const auto r = parse_graphite(
        "linux.forks.forks 1234 1700000000\n"
        "linux.ss.ESTAB\t17\t1700000001\r\n"
        "  linux.users.users   2.5  1700000002  \n");
    REQUIRE(r.samples.size() == 3);
    CHECK(r.samples[0].name == "linux.forks.forks");
    CHECK(r.samples[0].value == 1234);
    CHECK(r.samples[0].time == 1700000000);
    CHECK(r.samples[1].name == "linux.ss.ESTAB");
    CHECK(r.samples[1].time == 1700000001);
    CHECK(r.samples[2].value == 2.5);
    CHECK(r.lines == 3);
    CHECK(r.bad == 0);
}

TEST_CASE("graphite: tags in the name (name,tag=value)") {
    const auto r = parse_graphite("disk.used;mount=/;fs=ext4 42 1700000000\n");
    REQUIRE(r.samples.size() == 1);
    CHECK(r.samples[0].name == "disk.used");
    CHECK(r.samples[0].tags == std::vector<Tag>{{"mount", "/"}, {"fs", "ext4"}});
}

TEST_CASE("graphite: bad lines are counted, the first one's number kept, good lines survive") {
    const auto r = parse_graphite(
        "a 1 1700000000\n"
        "\n"
        "# a comment\n"
        "b notanumber 1700000000\n"
        "c 1\n"
        "d nan 1700000000\n"
        "e 1 1700000000 extra\n"
        "f;bad 1 1700000000\n"
        "g 1 -5\n"
        "h\x01 1 1700000000\n"
        "i 2 1700000009\n");
    REQUIRE(r.samples.size() == 2);
    CHECK(r.samples[0].name == "a");
    CHECK(r.samples[1].name == "i");
    CHECK(r.lines == 9);
    CHECK(r.bad == 7);
    CHECK(r.first_bad_line == 4);
    CHECK(r.first_bad_reason == "the value is not a finite number");
}

TEST_CASE("graphite: samples past the bound are dropped and counted") {
    std::string text;
    for (std::size_t i = 0; i < niamd::metrics::kMaxSamplesPerOutput + 3; ++i) text += "m 1 1700000000\n";
    const auto r = parse_graphite(text);
    CHECK(r.samples.size() == niamd::metrics::kMaxSamplesPerOutput);
    CHECK(r.dropped == 3);
    CHECK(r.bad == 0);
}

TEST_CASE("influx: the line protocol reference's examples") {
    const auto r = parse_influx(
        "myMeasurement,tag1=value1,tag2=value2 fieldKey=\"fieldValue\" 1556813561098000000\n"
        "home,room=Kitchen temp=22.5,hum=36i,on=true 1641024000000000000\n"
        "cpu value=0.64\n");
    REQUIRE(r.samples.size() == 4);
    CHECK(r.skipped == 1);  // the string field
    CHECK(r.samples[0].name == "home.temp");
    CHECK(r.samples[0].tags == std::vector<Tag>{{"room", "Kitchen"}});
    CHECK(r.samples[0].value == 22.5);
    CHECK(r.samples[0].time == 1641024000);
    CHECK(r.samples[1].name == "home.hum");
    CHECK(r.samples[1].value == 36);
    CHECK(r.samples[2].name == "home.on");
    CHECK(r.samples[2].value == 1);
    CHECK(r.samples[3].name == "cpu");
    CHECK(r.samples[3].time == 0);
    CHECK(r.bad == 0);
}

TEST_CASE("influx: escapes in measurement, tags, fields and strings") {
    const auto r = parse_influx(
        "my\\ meas\\,ure,tag\\ key=tag\\,value,k=a\\=b "
        "f\\=1=1u,s=\"a \\\"quoted\\\", string\",g=-3 1000000000\n");
    REQUIRE(r.samples.size() == 2);
    CHECK(r.samples[0].name == "my meas,ure.f=1");
    CHECK(r.samples[0].tags == std::vector<Tag>{{"tag key", "tag,value"}, {"k", "a=b"}});
    CHECK(r.samples[1].name == "my meas,ure.g");
    CHECK(r.samples[1].value == -3);
    CHECK(r.samples[1].time == 1);
    CHECK(r.skipped == 1);
}

TEST_CASE("influx: bad lines are counted and named") {
    const auto r = parse_influx(
        "ok v=1\n"
        "nofields\n"
        "m,tag v=1\n"
        "m v=abc\n"
        "m v=\"unclosed\n"
        "m v=1 notatime\n"
        "ok2 v=2\n");
    REQUIRE(r.samples.size() == 2);
    CHECK(r.bad == 5);
    CHECK(r.first_bad_line == 2);
    CHECK(r.first_bad_reason == "no field set");
}

TEST_CASE("opentsdb: with and without put, seconds or milliseconds") {
    const auto r = parse_opentsdb(
        "put sys.cpu.user 1356998400 42.5 host=webserver01 cpu=0\n"
        "proc.loadavg.1m 1356998400000 0.36 host=db1\n"
        "tcollector.count 1356998400 7\n");
    REQUIRE(r.samples.size() == 3);
    CHECK(r.samples[0].name == "sys.cpu.user");
    CHECK(r.samples[0].value == 42.5);
    CHECK(r.samples[0].time == 1356998400);
    CHECK(r.samples[0].tags == std::vector<Tag>{{"host", "webserver01"}, {"cpu", "0"}});
    CHECK(r.samples[1].time == 1356998400);
    CHECK(r.samples[2].tags.empty());
}

TEST_CASE("opentsdb: bad lines are counted and named") {
    const auto r = parse_opentsdb(
        "put m 1356998400\n"
        "put m x 1\n"
        "put m 1356998400 1 badtag\n"
        "put m 1356998400 inf\n"
        "put m 1356998400 3 a=b\n");
    REQUIRE(r.samples.size() == 1);
    CHECK(r.samples[0].value == 3);
    CHECK(r.bad == 4);
    CHECK(r.first_bad_line == 1);
}

TEST_CASE("prometheus: the exposition format's example") {
    const auto r = parse_prometheus(
        "# HELP http_requests_total The total number of HTTP requests.\n"
        "# TYPE http_requests_total counter\n"
        "http_requests_total{method=\"post\",code=\"200\"} 1027 1395066363000\n"
        "http_requests_total{method=\"post\",code=\"400\"}    3 1395066363000\n"
        "\n"
        "# Escaping in label values:\n"
        "msdos_file_access_time_seconds{path=\"C:\\\\DIR\\\\FILE.TXT\",error=\"Cannot find file:\\n\\\"FILE.TXT\\\"\"} "
        "1.458255915e9\n"
        "\n"
        "# Minimalistic line:\n"
        "metric_without_timestamp_and_labels 12.47\n"
        "\n"
        "# A weird metric from before the epoch:\n"
        "something_weird{problem=\"division by zero\"} +Inf -3982045\n"
        "\n"
        "# A histogram, which has a pretty complex representation in the text format:\n"
        "# HELP http_request_duration_seconds A histogram of the request duration.\n"
        "# TYPE http_request_duration_seconds histogram\n"
        "http_request_duration_seconds_bucket{le=\"0.05\"} 24054\n"
        "http_request_duration_seconds_bucket{le=\"+Inf\"} 144320\n"
        "http_request_duration_seconds_sum 53423\n"
        "http_request_duration_seconds_count 144320\n");
    REQUIRE(r.samples.size() == 8);
    CHECK(r.skipped == 1);  // +Inf
    CHECK(r.bad == 0);
    CHECK(r.samples[0].name == "http_requests_total");
    CHECK(r.samples[0].tags == std::vector<Tag>{{"method", "post"}, {"code", "200"}});
    CHECK(r.samples[0].value == 1027);
    CHECK(r.samples[0].time == 1395066363);
    CHECK(r.samples[2].tags ==
          std::vector<Tag>{{"path", "C:\\DIR\\FILE.TXT"}, {"error", "Cannot find file: \"FILE.TXT\""}});
    CHECK(r.samples[2].value == 1458255915);
    CHECK(r.samples[3].name == "metric_without_timestamp_and_labels");
    CHECK(r.samples[5].tags == std::vector<Tag>{{"le", "+Inf"}});
}

TEST_CASE("prometheus: bad lines are counted and named") {
    const auto r = parse_prometheus(
        "ok 1\n"
        "9bad 1\n"
        "m{a=\"x\" 1\n"
        "m{a=x} 1\n"
        "m abc\n"
        "m 1 2 3\n"
        "m{a=\"1\",} 5\n");
    REQUIRE(r.samples.size() == 2);
    CHECK(r.samples[1].value == 5);
    CHECK(r.bad == 5);
    CHECK(r.first_bad_line == 2);
    CHECK(r.first_bad_reason == "no metric name");
}
