// MetricPluginSource with real small plugins in a temporary scripts folder: formats read,
// bad lines counted and told once per run as a PROBLEM, failures give no samples.
#include <catch2/catch.hpp>

#include <atomic>
#include <string>
#include <vector>

#include "client/config_source.hpp"
#include "client/metric_plugin_source.hpp"
#include "niamd/children_account.hpp"
#include "support/temp_dir.hpp"

using niamd::client::ConfigSource;
using niamd::client::MetricPluginSource;
using niamd::client::Source;
using niamd::protocol::Record;
using niamd::protocol::RecordKind;

namespace {

struct Plugins {
    Plugins() { test_support::give_to_children(dir); }  // root: the plugins run as nobody
    test_support::TempDir dir{"niam-mplugins"};
    ConfigSource config{nullptr, "", "web1", dir.path(), dir.path() / "niam.conf"};
    std::filesystem::path scripts() const { return dir.path() / "scripts"; }
    void plugin(const std::string& name, const std::string& body) const {
        dir.write("scripts/" + name, "#!/bin/sh\n" + body, 0700);
    }
    void set(const std::string& text) {
        dir.write("niam.conf", text);
        config.refresh();
    }
};

std::vector<Record> of_kind(const std::vector<Record>& records, RecordKind kind) {
    std::vector<Record> out;
    for (const auto& record : records) {
        if (record.kind == kind) out.push_back(record);
    }
    return out;
}

const Record* metric(const std::vector<Record>& records, const std::string& name) {
    for (const auto& record : records) {
        if (record.kind == RecordKind::Metric && record.target == name) return &record;
    }
    return nullptr;
}

}  // namespace

TEST_CASE("metric plugins: scheduled by METRICS and off without plugins or with METRICS 0") {
    Plugins p;
    p.set("");
    MetricPluginSource source({"NOT-AWS", "web1"}, p.config, p.scripts());
    CHECK(source.name() == "metric-plugins");
    CHECK(source.next_due(100) == Source::kNever);
    p.set("METRICS 30\nMETRIC stats\n");
    p.plugin("stats", "echo 'a.b 1'\n");
    CHECK(source.next_due(100) == 100);
    source.collect(100);
    CHECK(source.next_due(101) == 130);
    p.set("METRICS 0\nMETRIC stats\n");
    CHECK(source.next_due(101) == Source::kNever);
}

TEST_CASE("metric plugins: each format detected or declared becomes METRIC records") {
    Plugins p;
    p.plugin("graphite", "printf 'web.requests 12 1700000000\\nweb.errors\\t3\\t1700000000\\n'\n");
    p.plugin("influx", "echo 'disk,dev=sda used=42i'\n");
    p.plugin("prom", "echo '# TYPE up gauge'\necho 'up{job=\"x\"} 1'\n");
    p.plugin("tsdb", "echo 'put sys.temp 1700000000 51.5 zone=a'\n");
    p.plugin("nagios", "echo 'OK | users=3;5;10;0'\n");
    // Detected as Graphite (three fields), whose timestamps are seconds: declared Prometheus.
    p.plugin("forced", "echo 'x_total 7 1700000000000'\n");
    p.set("METRIC graphite\nMETRIC influx\nMETRIC prom\nMETRIC tsdb\nMETRIC nagios\nMETRIC forced:prometheus\n");
    MetricPluginSource source({"i-1", "web1"}, p.config, p.scripts());
    const auto records = source.collect(1700000050);
    CHECK(of_kind(records, RecordKind::Problem).empty());
    const Record* requests = metric(records, "web.requests");
    REQUIRE(requests != nullptr);
    CHECK(requests->value == 12);
    CHECK(requests->time == 1700000000);  // the plugin's own time
    CHECK(requests->instance == "i-1");
    REQUIRE(metric(records, "web.errors") != nullptr);
    REQUIRE(metric(records, "disk.used") != nullptr);
    CHECK(metric(records, "disk.used")->value == 42);
    CHECK(metric(records, "disk.used")->time == 1700000050);  // none given: the collection's time
    REQUIRE(metric(records, "up") != nullptr);
    REQUIRE(metric(records, "sys.temp") != nullptr);
    CHECK(metric(records, "sys.temp")->value == 51.5);
    REQUIRE(metric(records, "users") != nullptr);
    CHECK(metric(records, "users")->value == 3);
    REQUIRE(metric(records, "x_total") != nullptr);
    CHECK(metric(records, "x_total")->time == 1700000000);
    CHECK(source.counts().runs == 6);
    CHECK(source.counts().samples == 7);
}

TEST_CASE("metric plugins: a bad line costs only itself and the first one is told once per run") {
    Plugins p;
    p.plugin("stats", "printf 'a 1 1700000000\\nb nan 1700000000\\nc 3 1700000000\\nd x 1700000000\\n'\n");
    p.set("METRIC stats --verbose\n");
    MetricPluginSource source({"NOT-AWS", "web1"}, p.config, p.scripts());
    auto records = source.collect(1700000050);
    CHECK(of_kind(records, RecordKind::Metric).size() == 2);  // a and c
    auto problems = of_kind(records, RecordKind::Problem);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].target == "metric");
    CHECK(problems[0].port_or_arg == "stats --verbose");
    CHECK(problems[0].status == 1);
    REQUIRE(problems[0].output.has_value());
    CHECK(problems[0].output->starts_with("line 2: "));
    CHECK(problems[0].output->find("(2 bad lines in this run)") != std::string::npos);
    CHECK(source.counts().bad_lines == 2);

    records = source.collect(1700000110);  // still bad: told again
    CHECK(of_kind(records, RecordKind::Problem).size() == 1);

    p.plugin("stats", "echo 'a 1 1700000100'\n");
    records = source.collect(1700000170);  // clean: STATUS 0 once
    problems = of_kind(records, RecordKind::Problem);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].status == 0);
    CHECK(problems[0].port_or_arg == "stats --verbose");
    records = source.collect(1700000230);
    CHECK(of_kind(records, RecordKind::Problem).empty());
}

TEST_CASE("metric plugins: the line named is the first bad one and its reason") {
    Plugins p;
    p.plugin("stats", "printf 'a 1 1700000000\\n\\nb 2 1700000000\\nc inf 1700000000\\n'\n");
    p.set("METRIC stats:graphite\n");
    MetricPluginSource source({"NOT-AWS", "web1"}, p.config, p.scripts());
    const auto problems = of_kind(source.collect(1000), RecordKind::Problem);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].output == "line 4: the value is not a finite number");
}

TEST_CASE("metric plugins: exit codes above 3 and death by a signal give no samples and a PROBLEM") {
    Plugins p;
    p.plugin("crashes", "echo 'a 1'\nexit 4\n");
    p.plugin("killed", "echo 'a 1'\nkill -9 $$\n");
    p.plugin("warns", "echo 'a 1'\nexit 1\n");  // 0-3 are the plugin's verdict: samples kept
    p.set("METRIC crashes\nMETRIC killed\nMETRIC warns\n");
    MetricPluginSource source({"NOT-AWS", "web1"}, p.config, p.scripts());
    const auto records = source.collect(1000);
    CHECK(of_kind(records, RecordKind::Metric).size() == 1);
    const auto problems = of_kind(records, RecordKind::Problem);
    REQUIRE(problems.size() == 2);
    CHECK(problems[0].port_or_arg == "crashes");
    CHECK(problems[0].output == "metric plugin 'crashes' exited with code 4 (not 0-3); no samples taken");
    CHECK(problems[1].port_or_arg == "killed");
    CHECK(problems[1].output == "metric plugin 'killed' was killed by signal 9; no samples taken");
    CHECK(source.counts().failed_runs == 2);
}

TEST_CASE("metric plugins: a missing plugin and a timeout are PROBLEMs") {
    Plugins p;
    p.plugin("slow", "echo 'a 1'\nsleep 30\n");
    p.set("TIMEOUT 1\nMETRIC absent\nMETRIC slow\n");
    MetricPluginSource source({"NOT-AWS", "web1"}, p.config, p.scripts());
    const auto records = source.collect(1000);
    CHECK(of_kind(records, RecordKind::Metric).empty());
    const auto problems = of_kind(records, RecordKind::Problem);
    REQUIRE(problems.size() == 2);
    CHECK(problems[0].output == "metric plugin 'absent' not found in " + p.scripts().string());
    CHECK(problems[1].output == "metric plugin 'slow' timed out after 1 s and was killed");
}

TEST_CASE("metric plugins: plugins run at once, not one after another") {
    Plugins p;
    std::string config = "TIMEOUT 5\n";
    for (int i = 0; i < 4; ++i) {
        p.plugin("p" + std::to_string(i), "sleep 1\necho 'v" + std::to_string(i) + " 1'\n");
        config += "METRIC p" + std::to_string(i) + "\n";
    }
    p.set(config);
    MetricPluginSource source({"NOT-AWS", "web1"}, p.config, p.scripts());
    const auto start = std::chrono::steady_clock::now();
    const auto records = source.collect(1000);
    const auto took = std::chrono::steady_clock::now() - start;
    CHECK(of_kind(records, RecordKind::Metric).size() == 4);
    CHECK(took < std::chrono::milliseconds(3500));
}

TEST_CASE("metric plugins: a stop kills the running plugins and tells nothing about them") {
    Plugins p;
    p.plugin("slow", "sleep 30\n");
    p.set("TIMEOUT 60\nMETRIC slow\n");
    std::atomic<bool> stop{true};
    MetricPluginSource source({"NOT-AWS", "web1"}, p.config, p.scripts(), [&stop] { return stop.load(); });
    const auto start = std::chrono::steady_clock::now();
    CHECK(source.collect(1000).empty());
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}

TEST_CASE("metric plugins: a plugin dropped from the config has its open problem closed") {
    Plugins p;
    p.plugin("bad", "echo 'a x'\n");
    p.set("METRIC bad\n");
    MetricPluginSource source({"NOT-AWS", "web1"}, p.config, p.scripts());
    REQUIRE(of_kind(source.collect(1000), RecordKind::Problem).size() == 1);
    p.set("");
    REQUIRE(source.next_due(1001) != Source::kNever);  // one more run closes it
    const auto problems = of_kind(source.collect(1060), RecordKind::Problem);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].status == 0);
    CHECK(problems[0].output == "metric plugin no longer configured");
    CHECK(source.next_due(1061) == Source::kNever);
}
