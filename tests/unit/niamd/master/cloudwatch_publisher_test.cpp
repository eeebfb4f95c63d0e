// CloudWatchPublisher and its datum: dimensions, units, globs, the bounded queue, batching
// across hosts, retry with backoff on the passed-in clock, isolation of an invalid datum.
// PutMetricData is a scripted fake; no network, no sleeping.
#include <catch2/catch.hpp>

#include <chrono>
#include <deque>
#include <set>
#include <string>
#include <vector>

#include "config/config_parser.hpp"
#include "master/cloudwatch_datum.hpp"
#include "master/cloudwatch_publisher.hpp"

using niamd::master::CloudWatchPublisher;
using niamd::metrics::Sample;
using niamd::store::HostKey;

namespace {

constexpr std::int64_t kT0 = 1700000000;

niamd::config::HostConfig config_of(const std::string& text) {
    auto parsed = niamd::config::parse_config("ROLE=master\n" + text, "conf/monitor");
    REQUIRE(parsed.problems.empty());
    return parsed.config;
}

Sample sample(std::string name, double value, std::vector<niamd::metrics::Tag> tags = {}, std::string unit = "",
              std::int64_t time = kT0) {
    Sample s;
    s.name = std::move(name);
    s.value = value;
    s.tags = std::move(tags);
    s.unit = std::move(unit);
    s.time = time;
    return s;
}

// PutMetricData that answers from a script (then succeeds) and keeps what it accepted.
struct FakeCloudWatch {
    std::deque<awsrest::Error> failures;  // answered first, one a call
    std::vector<awsrest::PutMetricDataRequest> accepted;
    std::size_t calls = 0;
    std::string refuse_metric;  // a request holding it is InvalidParameterValue

    niamd::master::PutMetricData put() {
        return [this](const awsrest::PutMetricDataRequest& request) -> awsrest::Result<void> {
            ++calls;
            if (!failures.empty()) {
                auto error = failures.front();
                failures.pop_front();
                return error;
            }
            for (const auto& datum : request.metric_data) {
                if (!refuse_metric.empty() && datum.metric_name == refuse_metric) {
                    awsrest::Error error = awsrest::make_error(awsrest::ErrorKind::Service, "bad value");
                    error.code = "InvalidParameterValue";
                    error.http_status = 400;
                    return error;
                }
            }
            accepted.push_back(request);
            return {};
        };
    }
    std::size_t data() const {
        std::size_t n = 0;
        for (const auto& r : accepted) n += r.metric_data.size();
        return n;
    }
};

awsrest::Error outage() {
    awsrest::Error error = awsrest::make_error(awsrest::ErrorKind::Network, "connection refused");
    return error;
}

awsrest::Error throttled() {
    awsrest::Error error = awsrest::make_error(awsrest::ErrorKind::Service, "Rate exceeded");
    error.code = "Throttling";
    error.http_status = 400;
    return error;
}

}  // namespace

TEST_CASE("cloudwatch datum: Host and InstanceId dimensions then the tags, unit and time", "[master][cloudwatch]") {
    const auto datum = niamd::master::to_cloudwatch_datum(
        {"web1", "i-0abc"}, sample("fs.used_pct", 93.5, {{"mount", "/"}, {"Host", "spoof"}, {"empty", ""}}, "%"), 0);
    REQUIRE(datum.has_value());
    CHECK(datum->metric_name == "fs.used_pct");
    CHECK(datum->value == 93.5);
    CHECK(datum->unit == "Percent");
    REQUIRE(datum->timestamp.has_value());
    CHECK(std::chrono::duration_cast<std::chrono::seconds>(datum->timestamp->time_since_epoch()).count() == kT0);
    REQUIRE(datum->dimensions.size() == 3);
    CHECK(datum->dimensions[0].name == "Host");
    CHECK(datum->dimensions[0].value == "web1");
    CHECK(datum->dimensions[1].name == "InstanceId");
    CHECK(datum->dimensions[1].value == "i-0abc");
    CHECK(datum->dimensions[2].name == "mount");
    CHECK(datum->dimensions[2].value == "/");
    // No time of its own: the master's.
    const auto untimed =
        niamd::master::to_cloudwatch_datum({"web1", "i-0abc"}, sample("load.1", 1, {}, "", 0), kT0 + 5);
    CHECK(std::chrono::duration_cast<std::chrono::seconds>(untimed->timestamp->time_since_epoch()).count() == kT0 + 5);
}

TEST_CASE("cloudwatch datum: at most 30 dimensions", "[master][cloudwatch]") {
    std::vector<niamd::metrics::Tag> tags;
    for (int i = 0; i < 40; ++i) tags.push_back({"t" + std::to_string(i), "v"});
    const auto datum = niamd::master::to_cloudwatch_datum({"web1", "i-0abc"}, sample("m", 1, tags), kT0);
    REQUIRE(datum.has_value());
    CHECK(datum->dimensions.size() == 30);
    CHECK(datum->dimensions[29].name == "t27");
}

TEST_CASE("cloudwatch datum: values CloudWatch can never take are refused", "[master][cloudwatch]") {
    CHECK_FALSE(niamd::master::to_cloudwatch_datum({"h", "i"}, sample("m", 1e200), kT0).has_value());
    CHECK_FALSE(niamd::master::to_cloudwatch_datum({"h", "i"}, sample("m", -1e-200), kT0).has_value());
    CHECK_FALSE(niamd::master::to_cloudwatch_datum({"h", "i"}, sample("", 1), kT0).has_value());
    CHECK(niamd::master::to_cloudwatch_datum({"h", "i"}, sample("m", 0), kT0).has_value());
    CHECK(niamd::master::to_cloudwatch_datum({"h", "i"}, sample("m", -1e100), kT0).has_value());
}

TEST_CASE("cloudwatch datum: units map to CloudWatch's StandardUnit names", "[master][cloudwatch]") {
    using niamd::master::cloudwatch_unit;
    const std::pair<const char*, const char*> rows[] = {
        {"%", "Percent"},       {"B", "Bytes"},         {"B/s", "Bytes/Second"}, {"s", "Seconds"},
        {"ms", "Milliseconds"}, {"us", "Microseconds"}, {"KB", "Kilobytes"},     {"MB", "Megabytes"},
        {"GB", "Gigabytes"},    {"TB", "Terabytes"},    {"c", "Count"},          {"1/s", "Count/Second"},
        {"", "None"},           {"furlongs", "None"},
    };
    for (const auto& [ours, theirs] : rows) {
        INFO(ours);
        CHECK(cloudwatch_unit(ours) == theirs);
        CHECK(awsrest::is_cloudwatch_unit(cloudwatch_unit(ours)));
    }
}

TEST_CASE("cloudwatch globs: '*' and '?' on the metric name", "[master][cloudwatch]") {
    using niamd::master::glob_matches;
    CHECK(glob_matches("cpu.*", "cpu.user_pct"));
    CHECK(glob_matches("cpu.*", "cpu."));
    CHECK_FALSE(glob_matches("cpu.*", "mem.cpu.x"));
    CHECK(glob_matches("*", ""));
    CHECK(glob_matches("*.used_pct", "fs.used_pct"));
    CHECK(glob_matches("check_?isk.*", "check_disk./boot"));
    CHECK_FALSE(glob_matches("check_?isk.*", "check_isk./boot"));
    CHECK(glob_matches("a*b*c", "aXXbYYbZc"));
    CHECK_FALSE(glob_matches("a*b*c", "aXXbYYbZ"));
    CHECK(glob_matches("load.1", "load.1"));
    CHECK_FALSE(glob_matches("load.1", "load.15"));
    // A hostile pattern stays fast.
    CHECK_FALSE(glob_matches("*a*a*a*a*a*a*a*a*b", std::string(200, 'a')));
}

TEST_CASE("cloudwatch publisher: off without CLOUDWATCH, globs select the metrics", "[master][cloudwatch]") {
    FakeCloudWatch fake;
    CloudWatchPublisher publisher(fake.put());
    publisher.offer({"web1", "i-1"}, sample("cpu.user_pct", 5), kT0);
    CHECK(publisher.queued() == 0);
    publisher.configure(config_of("CLOUDWATCH niam cpu.* load.?\n"));
    CHECK(publisher.active());
    publisher.offer({"web1", "i-1"}, sample("cpu.user_pct", 5), kT0);
    publisher.offer({"web1", "i-1"}, sample("load.1", 5), kT0);
    publisher.offer({"web1", "i-1"}, sample("load.15", 5), kT0);
    publisher.offer({"web1", "i-1"}, sample("mem.used_pct", 5), kT0);
    CHECK(publisher.queued() == 2);
    publisher.pump(kT0);
    REQUIRE(fake.accepted.size() == 1);
    CHECK(fake.accepted[0].name_space == "niam");
    CHECK(fake.accepted[0].metric_data[1].metric_name == "load.1");
    CHECK(publisher.counters().published == 2);
    CHECK(publisher.queued() == 0);
}

TEST_CASE("cloudwatch publisher: data of all hosts go in requests of 1000 oldest first", "[master][cloudwatch]") {
    FakeCloudWatch fake;
    CloudWatchPublisher publisher(fake.put());
    publisher.configure(config_of("CLOUDWATCH niam\n"));
    for (int i = 0; i < 2500; ++i) {
        const std::string host = "web" + std::to_string(i % 5);
        publisher.offer({host, "i-" + host}, sample("m", i), kT0);
    }
    publisher.pump(kT0);
    REQUIRE(fake.accepted.size() == 3);
    CHECK(fake.accepted[0].metric_data.size() == 1000);
    CHECK(fake.accepted[2].metric_data.size() == 500);
    CHECK(fake.accepted[0].metric_data[0].dimensions[0].value == "web0");
    CHECK(fake.accepted[0].metric_data[1].dimensions[0].value == "web1");
    CHECK(*fake.accepted[2].metric_data[499].value == 2499);
    CHECK(publisher.counters().published == 2500);
}

TEST_CASE("cloudwatch publisher: an outage keeps the data and retries with backoff on the clock given",
          "[master][cloudwatch]") {
    FakeCloudWatch fake;
    CloudWatchPublisher publisher(fake.put());
    publisher.configure(config_of("CLOUDWATCH niam\n"));
    for (int i = 0; i < 10; ++i) fake.failures.push_back(i % 2 ? throttled() : outage());
    std::int64_t now = kT0;
    for (int i = 0; i < 1500; ++i) publisher.offer({"web1", "i-1"}, sample("m", i), now);
    std::vector<std::int64_t> attempts;
    for (; now < kT0 + 600 && publisher.queued() > 0; ++now) {
        if (now % 10 == 0) publisher.offer({"web2", "i-2"}, sample("late", static_cast<double>(now)), now);
        const std::size_t before = fake.calls;
        publisher.pump(now);
        if (fake.calls != before) attempts.push_back(now - kT0);
    }
    // 1, 2, 4, 8, 16, 32, 60, 60 ... s apart; the 11th call goes through.
    REQUIRE(attempts.size() >= 11);
    CHECK(attempts[1] - attempts[0] == 1);
    CHECK(attempts[2] - attempts[1] == 2);
    CHECK(attempts[3] - attempts[2] == 4);
    CHECK(attempts[6] - attempts[5] == 32);
    CHECK(attempts[7] - attempts[6] == 60);
    CHECK(attempts[10] - attempts[9] == 60);
    const auto counters = publisher.counters();
    CHECK(counters.failed_attempts == 10);
    CHECK(counters.dropped == 0);
    CHECK(counters.queued == 0);
    // Every datum arrived once, in order.
    std::size_t late = 0;
    double previous = -1;
    for (const auto& request : fake.accepted) {
        for (const auto& datum : request.metric_data) {
            if (datum.metric_name == "late") {
                ++late;
                continue;
            }
            CHECK(*datum.value == previous + 1);
            previous = *datum.value;
        }
    }
    CHECK(previous == 1499);
    CHECK(counters.published == 1500 + late);
    CHECK(late == 31);  // one every 10 s until the queue emptied at +303 s
}

TEST_CASE("cloudwatch publisher: a full queue drops the oldest and counts them", "[master][cloudwatch]") {
    FakeCloudWatch fake;
    CloudWatchPublisher publisher(fake.put(), 100);
    publisher.configure(config_of("CLOUDWATCH niam\n"));
    for (int i = 0; i < 150; ++i) publisher.offer({"web1", "i-1"}, sample("m", i), kT0);
    CHECK(publisher.queued() == 100);
    CHECK(publisher.counters().dropped == 50);
    publisher.pump(kT0);
    REQUIRE(fake.accepted.size() == 1);
    CHECK(*fake.accepted[0].metric_data.front().value == 50);  // the newest 100 went
    CHECK(publisher.counters().published == 100);
}

TEST_CASE("cloudwatch publisher: data offered while a request is out are kept", "[master][cloudwatch]") {
    CloudWatchPublisher* self = nullptr;
    std::size_t accepted = 0;
    int calls = 0;
    CloudWatchPublisher publisher([&](const awsrest::PutMetricDataRequest& request) -> awsrest::Result<void> {
        if (calls++ == 0) {  // the monitor offers more while this call is out
            for (int i = 0; i < 5; ++i) self->offer({"web2", "i-2"}, sample("n", i), kT0);
        }
        accepted += request.metric_data.size();
        return {};
    });
    self = &publisher;
    publisher.configure(config_of("CLOUDWATCH niam\n"));
    for (int i = 0; i < 3; ++i) publisher.offer({"web1", "i-1"}, sample("m", i), kT0);
    publisher.pump(kT0);
    CHECK(accepted == 8);
    CHECK(publisher.queued() == 0);
    CHECK(publisher.counters().published == 8);
}

TEST_CASE("cloudwatch publisher: one datum CloudWatch refuses is isolated and dropped, the others go",
          "[master][cloudwatch]") {
    FakeCloudWatch fake;
    fake.refuse_metric = "bad";
    CloudWatchPublisher publisher(fake.put());
    publisher.configure(config_of("CLOUDWATCH niam\n"));
    for (int i = 0; i < 1000; ++i) publisher.offer({"web1", "i-1"}, sample(i == 700 ? "bad" : "m", i), kT0);
    for (int round = 0; round < 5 && publisher.queued() > 0; ++round) publisher.pump(kT0 + round);
    const auto counters = publisher.counters();
    CHECK(counters.rejected == 1);
    CHECK(counters.published == 999);
    CHECK(counters.failed_attempts == 0);  // not an outage: no backoff
    CHECK(fake.data() == 999);
    CHECK(publisher.queued() == 0);
}

TEST_CASE("cloudwatch publisher: a reload to another namespace sends the queued data to the one they had",
          "[master][cloudwatch]") {
    FakeCloudWatch fake;
    CloudWatchPublisher publisher(fake.put());
    publisher.configure(config_of("CLOUDWATCH first\n"));
    publisher.offer({"web1", "i-1"}, sample("m", 1), kT0);
    publisher.configure(config_of("CLOUDWATCH second\n"));
    publisher.offer({"web1", "i-1"}, sample("m", 2), kT0);
    publisher.configure(config_of(""));
    publisher.offer({"web1", "i-1"}, sample("m", 3), kT0);
    CHECK_FALSE(publisher.active());
    publisher.pump(kT0);
    REQUIRE(fake.accepted.size() == 2);
    CHECK(fake.accepted[0].name_space == "first");
    CHECK(fake.accepted[1].name_space == "second");
    CHECK(fake.data() == 2);
}
