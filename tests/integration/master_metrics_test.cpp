// Master scenario: METRIC records sent through the local stack's SQS are stored by the
// master (once, although the client sends a message twice) and served on /api/metrics by a
// web interface reading the same SQLite file.
#include <catch2/catch.hpp>

#include <httplib.h>

#include "local_stack.hpp"
#include "master_scenario.hpp"
#include "master_web.hpp"
#include "protocol/metric_record.hpp"
#include "stack_helpers.hpp"
#include "store/open_store.hpp"
#include "web/web_server.hpp"

using namespace std::chrono_literals;
using scenario::MasterScenario;

namespace {

niamd::protocol::Record metric(const std::string& name, std::vector<niamd::metrics::Tag> tags, double value,
                               std::int64_t time) {
    niamd::metrics::Sample sample;
    sample.name = name;
    sample.tags = std::move(tags);
    sample.unit = "%";
    sample.value = value;
    sample.time = time;
    return niamd::protocol::metric_record("i-0a00000000000001", "metric-host", sample, time);
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("master: METRIC records through SQS are stored once and served on /api/metrics", "[integration][master]") {
    stack::FaultGuard faults;
    stack::LocalStack::get().reset_counts();
    MasterScenario s;
    s.config.warn_after = 30;
    s.config.purge_after = 60;
    s.start_master();

    const auto ping = MasterScenario::ping("metric-host", "i-0a00000000000001");
    const std::int64_t t = ping.time;
    const std::vector<niamd::protocol::Record> cycle = {ping, metric("fs.used_pct", {{"mount", "/"}}, 41.5, t - 20),
                                                        metric("fs.used_pct", {{"mount", "/"}}, 42.5, t),
                                                        metric("cpu.user_pct", {}, 7.25, t)};
    s.send(cycle);
    s.send(cycle);  // sent again, as a client that never saw the answer does
    REQUIRE(MasterScenario::wait_until(
        [&] {
            const auto snapshot = s.snapshot();
            return snapshot->counters.metric_samples_received == 6 &&
                   snapshot->counters.metric_samples_stored + snapshot->counters.metric_samples_duplicate == 6;
        },
        10s));
    const auto counters = s.snapshot()->counters;
    CHECK(counters.metric_samples_stored == 3);
    CHECK(counters.metric_samples_duplicate == 3);
    CHECK(s.snapshot()->metric_series == 2);

    scenario::MasterWeb web(s);

    const auto latest = web.get("/api/metrics?host=metric-host");
    REQUIRE(latest);
    CHECK(latest->status == 200);
    CHECK(contains(latest->body,
                   R"({"name":"cpu.user_pct","tags":{},"unit":"%","time":)" + std::to_string(t) + R"(,"value":7.25})"));
    CHECK(contains(latest->body, R"({"name":"fs.used_pct","tags":{"mount":"/"},"unit":"%","time":)" +
                                     std::to_string(t) + R"(,"value":42.5})"));

    const auto points = web.get("/api/metrics?host=metric-host&name=fs.used_pct&tag=mount%3D/&since=1h");
    REQUIRE(points);
    CHECK(points->status == 200);
    CHECK(
        contains(points->body, R"("points":[[)" + std::to_string(t - 20) + ",41.5],[" + std::to_string(t) + ",42.5]]"));
    web.stop();
    s.stop_master();
    REQUIRE_NOTHING_REJECTED();
}
