// CloudWatch PutMetricData end to end: awsrest-cli, CloudWatchClient and the master's
// CloudWatchPublisher against the local stack's CloudWatch fake, every request through the SigV4 verifier; what the fake stored is
// read back through the control API.
#include <rapidjson/document.h>

#include <awsrest/cloudwatch.hpp>
#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "cli_runner.hpp"
#include "local_stack.hpp"
#include "master/cloudwatch_publisher.hpp"
#include "stack_helpers.hpp"

namespace {

using cli_test::ProcessResult;
using stack::LocalStack;

ProcessResult cli(const std::vector<std::string>& args) {
    return cli_test::run_process(AWSREST_CLI_PATH, args, cli_test::stack_environment(), "");
}

// The data the fake accepted under `name_space`.
rapidjson::Document stored(const std::string& name_space) {
    auto answer = LocalStack::get().control("GET", "cloudwatch/metrics?namespace=" + name_space);
    REQUIRE(answer.status == 200);
    auto doc = stack::parse_json(answer.body);
    REQUIRE(doc.HasMember("data"));
    REQUIRE(doc["data"].IsArray());
    return doc;
}

}  // namespace

TEST_CASE("cloudwatch: awsrest-cli put-metric-data stores a value with dimensions and unit in the fake",
          "[cli][cloudwatch]") {
    auto& stack = LocalStack::get();
    stack.reset_counts();
    const std::string ns = stack::unique_name("niam-cli-ns");
    const auto run = cli({"cloudwatch", "put-metric-data", "--namespace", ns, "--metric-name", "buffers", "--value",
                          "231434333", "--unit", "Bytes", "--dimension", "InstanceType=m1.small", "--dimension",
                          "Host=web-1", "--storage-resolution", "1", "--timestamp", "1700000000"});
    INFO("stdout: " << run.out << "\nstderr: " << run.err);
    REQUIRE(run.exit_code == 0);
    const auto printed = stack::parse_json(run.out);
    CHECK(printed["requests"].GetInt() == 1);
    CHECK(printed["metric_data"].GetInt() == 1);
    const auto doc = stored(ns);
    const auto& data = doc["data"];
    REQUIRE(data.Size() == 1);
    CHECK(std::string(data[0]["MetricName"].GetString()) == "buffers");
    CHECK(data[0]["Value"].GetDouble() == 231434333);
    CHECK(std::string(data[0]["Unit"].GetString()) == "Bytes");
    CHECK(data[0]["StorageResolution"].GetInt() == 1);
    CHECK(std::string(data[0]["Timestamp"].GetString()) == "2023-11-14T22:13:20.000Z");
    REQUIRE(data[0]["Dimensions"].Size() == 2);  // name_values orders them by name
    CHECK(std::string(data[0]["Dimensions"][0]["Name"].GetString()) == "Host");
    CHECK(std::string(data[0]["Dimensions"][1]["Value"].GetString()) == "m1.small");
    CHECK(stack.requests("monitoring", "PutMetricData") == 1);
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("cloudwatch: 320 values with counts go as three data of at most 150 in one request", "[cli][cloudwatch]") {
    auto& stack = LocalStack::get();
    stack.reset_counts();
    const std::string ns = stack::unique_name("niam-cli-ns");
    std::string values, counts;
    for (int i = 0; i < 320; ++i) {
        values += (i ? "," : "") + std::to_string(i);
        counts += (i ? "," : "") + std::to_string(i % 3 + 1);
    }
    const auto run = cli({"cloudwatch", "put-metric-data", "--namespace", ns, "--metric-name", "latency", "--values",
                          values, "--counts", counts, "--unit", "Milliseconds"});
    INFO("stdout: " << run.out << "\nstderr: " << run.err);
    REQUIRE(run.exit_code == 0);
    const auto doc = stored(ns);
    const auto& data = doc["data"];
    REQUIRE(data.Size() == 3);
    CHECK(data[0]["Values"].Size() == 150);
    CHECK(data[1]["Values"][0].GetDouble() == 150);
    CHECK(data[2]["Values"].Size() == 20);
    CHECK(data[2]["Counts"].Size() == 20);
    CHECK(stack.requests("monitoring", "PutMetricData") == 1);
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("cloudwatch: a NaN is refused by the library and nothing reaches the fake", "[cli][cloudwatch]") {
    auto& stack = LocalStack::get();
    stack.reset_counts();
    const std::string ns = stack::unique_name("niam-cli-ns");
    const auto run = cli({"cloudwatch", "put-metric-data", "--namespace", ns, "--metric-name", "m", "--value", "nan"});
    CHECK(run.exit_code == 1);
    CHECK(run.err.find("NaN and infinities") != std::string::npos);
    CHECK(stack.requests("monitoring", "PutMetricData") == 0);
    CHECK(stored(ns)["data"].Size() == 0);
}

TEST_CASE("cloudwatch: CloudWatchClient retries a throttled PutMetricData and the data arrive once", "[cloudwatch]") {
    auto& stack = LocalStack::get();
    stack::FaultGuard faults;
    stack.reset_counts();
    stack.add_fault(R"({"service":"monitoring","action":"PutMetricData","kind":"throttle","count":1})");
    awsrest::CloudWatchClient cloudwatch(stack.client(), stack::service_endpoint("monitoring"));
    const std::string ns = stack::unique_name("niam-lib-ns");
    std::vector<awsrest::MetricDatum> data;
    for (int i = 0; i < 1200; ++i) {
        awsrest::MetricDatum d;
        d.metric_name = "m" + std::to_string(i);
        d.value = i;
        d.dimensions = {{"Host", "web-1"}};
        data.push_back(d);
    }
    auto requests = awsrest::batch_metric_data(ns, data);
    REQUIRE(requests.ok());
    REQUIRE(requests->size() == 2);
    for (const auto& request : *requests) {
        auto put = cloudwatch.put_metric_data(request);
        INFO((put.ok() ? std::string() : put.error().describe()));
        REQUIRE(put.ok());
    }
    CHECK(stack::faulted("monitoring", "PutMetricData") == 1);
    CHECK(stack.requests("monitoring", "PutMetricData") == 3);  // one throttled, two accepted
    const auto doc = stored(ns);
    REQUIRE(doc["data"].Size() == 1200);
    CHECK(std::string(doc["data"][1199]["MetricName"].GetString()) == "m1199");
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("cloudwatch: the fake's error answer reaches the caller as a service error", "[cloudwatch]") {
    auto& stack = LocalStack::get();
    stack.reset_counts();
    // A request the library would refuse (no Namespace), sent raw through the signing client.
    awsrest::Request request;
    request.method = "POST";
    request.path = "/";
    awsrest::set_header(request.headers, "Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
    request.body =
        "Action=PutMetricData&Version=2010-08-01&MetricData.member.1.MetricName=m&MetricData.member.1.Value=1";
    const auto endpoint = stack::service_endpoint("monitoring");
    awsrest::CallOptions options;
    options.operation = "CloudWatch.PutMetricData";
    options.region = endpoint.region;
    options.service = endpoint.signing_name;
    auto answer = stack.client().call(endpoint.endpoint, request, options);
    REQUIRE_FALSE(answer.ok());
    CHECK(answer.error().kind == awsrest::ErrorKind::Service);
    CHECK(answer.error().code == "MissingParameter");
    CHECK(answer.error().http_status == 400);
    CHECK(answer.error().message.find("Namespace is required") != std::string::npos);
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("cloudwatch: the master's publisher rides out a CloudWatch outage and every datum arrives once",
          "[cloudwatch][master]") {
    auto& stack = LocalStack::get();
    stack::FaultGuard faults;
    stack.reset_counts();
    awsrest::CloudWatchClient cloudwatch(stack.client(), stack::service_endpoint("monitoring"));
    niamd::master::CloudWatchPublisher publisher(
        [&](const awsrest::PutMetricDataRequest& request) { return cloudwatch.put_metric_data(request); });
    const std::string ns = stack::unique_name("niam-master-ns");
    niamd::config::HostConfig config;
    config.cloudwatch = niamd::config::CloudWatchConfig{ns, {}, 1};
    publisher.configure(config);

    // Small enough for one request: the fake takes seconds for 1,000 data on a loaded machine,
    // and a request the client times out and retries would be stored twice (PutMetricData has
    // no idempotency token). Batching into requests of 1,000 is covered by the unit tests.
    constexpr int kHosts = 3;
    constexpr int kSamplesPerHost = 100;
    const std::int64_t t0 = 1700000000;
    auto offer_all = [&](int from, int to) {
        for (int i = from; i < to; ++i) {
            for (int h = 0; h < kHosts; ++h) {
                niamd::metrics::Sample sample;
                sample.name = i % 2 ? "fs.used_pct" : "load.1";
                sample.tags = {{"mount", "/"}};
                sample.unit = i % 2 ? "%" : "";
                sample.value = i;
                sample.time = t0 + i;
                publisher.offer({"web-" + std::to_string(h), "i-0" + std::to_string(h)}, sample, t0 + i);
            }
        }
    };
    offer_all(0, 50);
    stack.add_fault(R"({"service":"monitoring","action":"PutMetricData","kind":"down"})");
    publisher.pump(t0);  // fails: kept, next attempt in 1 s
    CHECK(publisher.counters().failed_attempts == 1);
    const int requests_down = stack.requests("monitoring", "PutMetricData");
    publisher.pump(t0);  // not due yet: no request
    CHECK(stack.requests("monitoring", "PutMetricData") == requests_down);
    offer_all(50, kSamplesPerHost);  // more arrive during the outage
    publisher.pump(t0 + 1);
    publisher.pump(t0 + 3);
    CHECK(publisher.counters().failed_attempts == 3);
    CHECK(stack::faulted("monitoring", "PutMetricData") >= 3);
    CHECK(stored(ns)["data"].Size() == 0);

    stack.clear_faults();  // CloudWatch is back
    const int requests_before_recovery = stack.requests("monitoring", "PutMetricData");
    publisher.pump(t0 + 6);  // not due (next attempt at +7)
    CHECK(publisher.queued() == kHosts * kSamplesPerHost);
    publisher.pump(t0 + 7);
    const auto counters = publisher.counters();
    CHECK(counters.queued == 0);
    CHECK(counters.published == kHosts * kSamplesPerHost);
    CHECK(counters.dropped == 0);
    CHECK(counters.rejected == 0);

    const auto doc = stored(ns);
    const auto& data = doc["data"];
    REQUIRE(data.Size() == kHosts * kSamplesPerHost);
    std::set<std::string> seen;
    for (const auto& datum : data.GetArray()) {
        std::string host, instance, mount;
        for (const auto& dimension : datum["Dimensions"].GetArray()) {
            const std::string name = dimension["Name"].GetString();
            if (name == "Host") host = dimension["Value"].GetString();
            if (name == "InstanceId") instance = dimension["Value"].GetString();
            if (name == "mount") mount = dimension["Value"].GetString();
        }
        CHECK(mount == "/");
        CHECK(instance == "i-0" + host.substr(4));
        const int value = static_cast<int>(datum["Value"].GetDouble());
        CHECK(std::string(datum["Unit"].GetString()) == (value % 2 ? "Percent" : "None"));
        CHECK(seen.insert(host + " " + std::to_string(value)).second);  // once
    }
    CHECK(seen.size() == kHosts * kSamplesPerHost);
    CHECK(stack.requests("monitoring", "PutMetricData") - requests_before_recovery == 1);  // all hosts in one request
    REQUIRE_NOTHING_REJECTED();
}
