// PutMetricData's form body and its limits, without HTTP.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>

#include "awsrest/cloudwatch.hpp"
#include "cloudwatch/cloudwatch_request.hpp"

using awsrest::ErrorKind;
using awsrest::MetricDatum;
using awsrest::PutMetricDataRequest;
using awsrest::cloudwatch::put_metric_data_body;

namespace {

MetricDatum datum(std::string name, double value) {
    MetricDatum d;
    d.metric_name = std::move(name);
    d.value = value;
    return d;
}

PutMetricDataRequest request_of(MetricDatum d, std::string name_space = "TestNamespace") {
    PutMetricDataRequest request;
    request.name_space = std::move(name_space);
    request.metric_data.push_back(std::move(d));
    return request;
}

std::string error_of(const PutMetricDataRequest& request) {
    auto body = put_metric_data_body(request);
    REQUIRE_FALSE(body.ok());
    CHECK(body.error().kind == ErrorKind::InvalidArgument);
    return body.error().message;
}

}  // namespace

TEST_CASE("cloudwatch: the API reference's PutMetricData example, encoded as a form", "[cloudwatch]") {
    // The reference's example: Namespace=TestNamespace, MetricName=buffers, Unit=Bytes,
    // Value=231434333, Dimension InstanceType=m1.small.
    MetricDatum d = datum("buffers", 231434333);
    d.unit = "Bytes";
    d.dimensions = {{"InstanceType", "m1.small"}};
    auto body = put_metric_data_body(request_of(d));
    REQUIRE(body.ok());
    CHECK(*body ==
          "Action=PutMetricData&Version=2010-08-01&Namespace=TestNamespace"
          "&MetricData.member.1.MetricName=buffers"
          "&MetricData.member.1.Dimensions.member.1.Name=InstanceType"
          "&MetricData.member.1.Dimensions.member.1.Value=m1.small"
          "&MetricData.member.1.Value=231434333&MetricData.member.1.Unit=Bytes");
}

TEST_CASE("cloudwatch: statistic values, values with counts, timestamp and storage resolution", "[cloudwatch]") {
    PutMetricDataRequest request;
    request.name_space = "System/Default";
    MetricDatum stats;
    stats.metric_name = "latency";
    stats.statistic_values = awsrest::MetricStatisticSet{10, 11.5, 0.25, 3};
    stats.unit = "Milliseconds";
    stats.timestamp = awsrest::TimePoint(std::chrono::seconds(1440938160));  // 2015-08-30T12:36:00Z
    request.metric_data.push_back(stats);
    MetricDatum values;
    values.metric_name = "cpu usage";
    values.values = {1, 2.5};
    values.counts = {3, 1};
    values.unit = "Percent";
    values.storage_resolution = 1;
    request.metric_data.push_back(values);
    auto body = put_metric_data_body(request);
    REQUIRE(body.ok());
    CHECK(*body ==
          "Action=PutMetricData&Version=2010-08-01&Namespace=System%2FDefault"
          "&MetricData.member.1.MetricName=latency&MetricData.member.1.Timestamp=2015-08-30T12%3A36%3A00Z"
          "&MetricData.member.1.StatisticValues.SampleCount=10&MetricData.member.1.StatisticValues.Sum=11.5"
          "&MetricData.member.1.StatisticValues.Minimum=0.25&MetricData.member.1.StatisticValues.Maximum=3"
          "&MetricData.member.1.Unit=Milliseconds"
          "&MetricData.member.2.MetricName=cpu%20usage"
          "&MetricData.member.2.Values.member.1=1&MetricData.member.2.Values.member.2=2.5"
          "&MetricData.member.2.Counts.member.1=3&MetricData.member.2.Counts.member.2=1"
          "&MetricData.member.2.Unit=Percent&MetricData.member.2.StorageResolution=1");
}

TEST_CASE("cloudwatch: NaN and infinities are refused before sending, naming the datum", "[cloudwatch]") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    CHECK_THAT(error_of(request_of(datum("load", nan))),
               Catch::Contains("datum 1 ('load'): the value is nan") && Catch::Contains("NaN and infinities"));
    CHECK_THAT(error_of(request_of(datum("load", -inf))), Catch::Contains("the value is -inf"));
    MetricDatum values;
    values.metric_name = "v";
    values.values = {1, inf};
    CHECK_THAT(error_of(request_of(values)), Catch::Contains("value 2 is inf"));
    MetricDatum stats;
    stats.metric_name = "s";
    stats.statistic_values = awsrest::MetricStatisticSet{1, nan, 0, 1};
    CHECK_THAT(error_of(request_of(stats)), Catch::Contains("Sum is nan"));
    CHECK_THAT(error_of(request_of(datum("big", std::ldexp(1.0, 361)))), Catch::Contains("within ±2^360"));
    CHECK(put_metric_data_body(request_of(datum("edge", std::ldexp(1.0, 360)))).ok());
    CHECK(put_metric_data_body(request_of(datum("zero", 0))).ok());
    CHECK_FALSE(put_metric_data_body(request_of(datum("tiny", std::ldexp(1.0, -361)))).ok());
}

TEST_CASE("cloudwatch: the per-request and per-datum limits", "[cloudwatch]") {
    PutMetricDataRequest many;
    many.name_space = "N";
    for (std::size_t i = 0; i < awsrest::kMaxMetricDataPerRequest; ++i) many.metric_data.push_back(datum("m", 1));
    CHECK(put_metric_data_body(many).ok());
    many.metric_data.push_back(datum("m", 1));
    CHECK_THAT(error_of(many), Catch::Contains("1001 metric data; at most 1000"));

    MetricDatum dimensions = datum("d", 1);
    for (std::size_t i = 0; i < awsrest::kMaxDimensionsPerMetric; ++i) {
        dimensions.dimensions.push_back({"k" + std::to_string(i), "v"});
    }
    CHECK(put_metric_data_body(request_of(dimensions)).ok());
    dimensions.dimensions.push_back({"one", "more"});
    CHECK_THAT(error_of(request_of(dimensions)), Catch::Contains("31 dimensions; at most 30"));

    MetricDatum values;
    values.metric_name = "v";
    values.values.assign(awsrest::kMaxValuesPerMetric, 1.0);
    CHECK(put_metric_data_body(request_of(values)).ok());
    values.values.push_back(1.0);
    CHECK_THAT(error_of(request_of(values)), Catch::Contains("151 values; at most 150"));

    MetricDatum counts;
    counts.metric_name = "c";
    counts.values = {1, 2};
    counts.counts = {1};
    CHECK_THAT(error_of(request_of(counts)), Catch::Contains("1 counts for 2 values"));

    // 1 MB: 1,000 data with long dimension values pass the count but not the size
    PutMetricDataRequest large;
    large.name_space = "N";
    for (int i = 0; i < 1000; ++i) {
        MetricDatum d = datum("m", 1);
        d.dimensions.push_back({"Host", std::string(1024, 'h')});
        large.metric_data.push_back(d);
    }
    CHECK_THAT(error_of(large), Catch::Contains("bytes; at most 1048576"));
}

TEST_CASE("cloudwatch: names, units, namespace and the kind of value are checked", "[cloudwatch]") {
    CHECK_THAT(error_of(request_of(datum("m", 1), "AWS/EC2")), Catch::Contains("reserved for AWS"));
    CHECK_THAT(error_of(request_of(datum("m", 1), "")), Catch::Contains("namespace"));
    CHECK_THAT(error_of(request_of(datum("", 1))), Catch::Contains("a metric name has 1 to 255"));
    MetricDatum unit = datum("m", 1);
    unit.unit = "Furlongs";
    CHECK_THAT(error_of(request_of(unit)), Catch::Contains("'Furlongs' is not a CloudWatch unit"));
    MetricDatum none;
    none.metric_name = "m";
    CHECK_THAT(error_of(request_of(none)), Catch::Contains("exactly one of a value, values or statistic values"));
    MetricDatum two = datum("m", 1);
    two.values = {1};
    CHECK_THAT(error_of(request_of(two)), Catch::Contains("exactly one"));
    MetricDatum resolution = datum("m", 1);
    resolution.storage_resolution = 5;
    CHECK_THAT(error_of(request_of(resolution)), Catch::Contains("1 or 60 seconds, not 5"));
    MetricDatum empty_value = datum("m", 1);
    empty_value.dimensions = {{"Host", ""}};
    CHECK_THAT(error_of(request_of(empty_value)), Catch::Contains("dimension 'Host' needs a value"));
    PutMetricDataRequest nothing;
    nothing.name_space = "N";
    CHECK_THAT(error_of(nothing), Catch::Contains("no metric data"));
    for (const char* u : {"Seconds", "Bytes/Second", "Count/Second", "Percent", "None"}) {
        CHECK(awsrest::is_cloudwatch_unit(u));
    }
}

TEST_CASE("cloudwatch: the batcher keeps every datum in order, within 1,000 data and 1 MB a request", "[cloudwatch]") {
    std::vector<MetricDatum> data;
    for (int i = 0; i < 2500; ++i) data.push_back(datum("m" + std::to_string(i), i));
    auto batches = awsrest::batch_metric_data("N", data);
    REQUIRE(batches.ok());
    REQUIRE(batches->size() == 3);
    CHECK((*batches)[0].metric_data.size() == 1000);
    CHECK((*batches)[2].metric_data.size() == 500);
    int next = 0;
    for (const auto& batch : *batches) {
        CHECK(put_metric_data_body(batch).ok());
        for (const auto& d : batch.metric_data) CHECK(d.metric_name == "m" + std::to_string(next++));
    }

    std::vector<MetricDatum> large;
    for (int i = 0; i < 1000; ++i) {
        MetricDatum d = datum("m", i);
        d.dimensions.push_back({"Host", std::string(1024, 'h')});
        large.push_back(d);
    }
    auto by_size = awsrest::batch_metric_data("N", large);
    REQUIRE(by_size.ok());
    CHECK(by_size->size() == 2);
    std::size_t total = 0;
    for (const auto& batch : *by_size) {
        auto body = put_metric_data_body(batch);
        REQUIRE(body.ok());
        CHECK(body->size() <= awsrest::kMaxPutMetricDataBytes);
        total += batch.metric_data.size();
    }
    CHECK(total == 1000);
}

TEST_CASE("cloudwatch: the batcher splits a datum of more than 150 values, counts alongside", "[cloudwatch]") {
    MetricDatum d;
    d.metric_name = "latency";
    for (int i = 0; i < 320; ++i) {
        d.values.push_back(i);
        d.counts.push_back(i % 3 + 1);
    }
    auto batches = awsrest::batch_metric_data("N", {d});
    REQUIRE(batches.ok());
    REQUIRE(batches->size() == 1);
    const auto& parts = (*batches)[0].metric_data;
    REQUIRE(parts.size() == 3);
    CHECK(parts[0].values.size() == 150);
    CHECK(parts[2].values.size() == 20);
    CHECK(parts[1].values.front() == 150);
    CHECK(parts[1].counts.front() == 150 % 3 + 1);
    CHECK(parts[2].counts.size() == 20);
}

TEST_CASE("cloudwatch: the batcher refuses a bad datum, naming it", "[cloudwatch]") {
    auto batches = awsrest::batch_metric_data("N", {datum("ok", 1), datum("bad", std::nan(""))});
    REQUIRE_FALSE(batches.ok());
    CHECK_THAT(batches.error().message, Catch::Contains("datum 2 ('bad')"));
}
