#include <catch2/catch.hpp>

#include "metrics/metric_output.hpp"

using niamd::metrics::detect_metric_format;
using niamd::metrics::metric_format_from_name;
using niamd::metrics::MetricFormat;
using niamd::metrics::parse_metric_output;

TEST_CASE("metric output: the format is detected from the first significant line") {
    CHECK(detect_metric_format("linux.forks.forks 1234 1700000000\n") == MetricFormat::Graphite);
    CHECK(detect_metric_format("\n# comment\ndisk.used;mount=/ 1 1700000000\n") == MetricFormat::Graphite);
    CHECK(detect_metric_format("DISK OK | /=2643MB;5948;5958;0;5968\n") == MetricFormat::Perfdata);
    CHECK(detect_metric_format("/=2643MB;5948;5958;0;5968 /boot=68MB\n") == MetricFormat::Perfdata);
    CHECK(detect_metric_format("cpu,host=a usage=1 1700000000000000000\n") == MetricFormat::Influx);
    CHECK(detect_metric_format("cpu usage=1,idle=2\n") == MetricFormat::Influx);
    CHECK(detect_metric_format("put sys.cpu 1356998400 1 host=a\n") == MetricFormat::OpenTsdb);
    CHECK(detect_metric_format("sys.cpu 1356998400 1 host=a\n") == MetricFormat::OpenTsdb);
    CHECK(detect_metric_format("# HELP x X.\n# TYPE x gauge\nx 1\n") == MetricFormat::Prometheus);
    CHECK(detect_metric_format("x{a=\"b\"} 1\n") == MetricFormat::Prometheus);
    CHECK(detect_metric_format("x 1\n") == MetricFormat::Prometheus);
    CHECK(detect_metric_format("") == MetricFormat::Graphite);
}

TEST_CASE("metric output: format names for a declared format") {
    for (const auto format : {MetricFormat::Graphite, MetricFormat::Perfdata, MetricFormat::Influx,
                              MetricFormat::OpenTsdb, MetricFormat::Prometheus}) {
        CHECK(metric_format_from_name(to_string(format)) == format);
    }
    CHECK_FALSE(metric_format_from_name("json").has_value());
}

TEST_CASE("metric output: perfdata on the first line and on later lines after a second '|'") {
    const auto r = parse_metric_output(
        "DISK OK - free space: / 3326 MB (56%); | /=2643MB;5948;5958;0;5968\n"
        "/ 15272 MB (77%);\n"
        "/var/log 819 MB (84%); | /boot=68MB;88;93;0;98\n"
        "/home=69357MB;253404;253409;0;253414 \n"
        "/var/log=818MB;970;975;0;980\n");
    REQUIRE(r.samples.size() == 4);
    CHECK(r.samples[0].name == "/");
    CHECK(r.samples[0].unit == "MB");
    CHECK(r.samples[0].value == 2643);
    CHECK(r.samples[1].name == "/boot");
    CHECK(r.samples[3].name == "/var/log");
    CHECK(r.bad == 0);
}

TEST_CASE("metric output: a declared format wins over detection") {
    const auto r = parse_metric_output("x 1\n", MetricFormat::Graphite);
    CHECK(r.samples.empty());
    CHECK(r.bad == 1);
    CHECK(r.first_bad_line == 1);
}
