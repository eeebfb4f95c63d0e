#include <catch2/catch.hpp>

#include <set>
#include <sstream>
#include <string>

#include "web/metrics_text.hpp"
#include "web_fixtures.hpp"

using niamd::web::metrics_text;

namespace {

bool has_line(const std::string& text, const std::string& line) {
    std::istringstream in(text);
    for (std::string each; std::getline(in, each);) {
        if (each == line) return true;
    }
    return false;
}

}  // namespace

TEST_CASE("metrics: host and check series with escaped labels", "[web]") {
    const auto snapshot = web_test::sample_snapshot();
    const std::string text = metrics_text(*snapshot, web_test::kNow);
    CAPTURE(text);
    const char* lines[] = {
        "# HELP niam_host_up 1 while the host's heartbeats arrive within WARN_AFTER (status OK), else 0.",
        "# TYPE niam_host_up gauge",
        R"(niam_host_up{hostname="web-1",instance="i-0aaa"} 1)",
        R"(niam_host_up{hostname="web-2",instance="i-0bbb"} 0)",
        R"(niam_host_up{hostname="<script>alert(1)</script>",instance="NOT-AWS"} 1)",
        R"(niam_host_last_seen_timestamp_seconds{hostname="web-1",instance="i-0aaa"} 1440938150)",
        R"(niam_check_up{hostname="<script>alert(1)</script>",instance="NOT-AWS",kind="HTTP",target="a\"b\\c",port_or_arg="80"} 1)",
        R"(niam_check_up{hostname="db-1",instance="NOT-AWS",kind="SCRIPT",target="check_disk",port_or_arg="/"} 0)",
        R"(niam_check_latency_seconds{hostname="web-1",instance="i-0aaa",kind="HTTP",target="example.org",port_or_arg="80"} 0.042)",
        R"(niam_check_last_result_timestamp_seconds{hostname="web-1",instance="i-0aaa",kind="LPING",target="10.0.0.1",port_or_arg="22"} 1440938130)",
        R"(niam_hosts{state="OK"} 2)",
        R"(niam_hosts{state="CHECK_FAILING"} 1)",
        R"(niam_hosts{state="MISSING"} 1)",
        R"(niam_hosts{state="PURGE_SOON"} 1)",
        R"(niam_hosts{state="INSTANCE_GONE"} 1)",
        "# TYPE niam_alerts_total counter",
        R"(niam_alerts_total{kind="MISSING"} 2)",
        R"(niam_alerts_total{kind="RECOVERED"} 1)",
        R"(niam_alerts_total{kind="QUEUE_OK"} 0)",
        "# TYPE niam_messages_received_total counter",
        "niam_messages_received_total 100",
        "niam_records_received_total 250",
        "niam_messages_malformed_total 2",
        "niam_messages_forged_total 1",
        "niam_messages_duplicate_total 3",
        "niam_queue_receive_errors_total 4",
        "niam_sns_publish_failures_total 5",
        "niam_messages_replayed_total 6",
        "niam_records_stale_total 7",
        "niam_hosts_refused_total 8",
        "niam_alerts_folded_total 9",
        "niam_clock_gaps_total 10",
        "niam_store_failures_total 11",
        R"(niam_alerts_total{kind="HOSTS_REFUSED"} 0)",
        R"(niam_alerts_total{kind="STORE_UNAVAILABLE"} 0)",
        "niam_queue_reachable 1",
        "niam_snapshot_timestamp_seconds 1440938159",
        "niam_warn_after_seconds 120",
        "niam_purge_after_seconds 600",
    };
    for (const char* line : lines) {
        CAPTURE(line);
        CHECK(has_line(text, line));
    }
}

TEST_CASE("metrics: every sample follows the HELP and TYPE of its family", "[web]") {
    const auto snapshot = web_test::sample_snapshot();
    std::istringstream in(metrics_text(*snapshot, web_test::kNow));
    std::set<std::string> helped, typed;
    std::size_t samples = 0;
    for (std::string line; std::getline(in, line);) {
        REQUIRE_FALSE(line.empty());
        if (line.starts_with("# HELP ")) {
            helped.insert(line.substr(7, line.find(' ', 7) - 7));
        } else if (line.starts_with("# TYPE ")) {
            const std::string name = line.substr(7, line.find(' ', 7) - 7);
            CHECK(helped.count(name) == 1);
            CHECK(typed.insert(name).second);  // each family once
            if (line.ends_with(" counter")) CHECK(name.ends_with("_total"));
        } else {
            const std::string name = line.substr(0, line.find_first_of("{ "));
            CAPTURE(line);
            CHECK(typed.count(name) == 1);
            ++samples;
        }
    }
    CHECK(samples > 30);
}

TEST_CASE("metrics: an empty snapshot still lists every family", "[web]") {
    const niamd::master::MasterSnapshot empty;
    const std::string text = metrics_text(empty, web_test::kNow);
    CHECK(has_line(text, "# TYPE niam_host_up gauge"));
    CHECK(has_line(text, "niam_messages_received_total 0"));
    CHECK(has_line(text, R"(niam_hosts{state="OK"} 0)"));
}

TEST_CASE("metrics: CloudWatch publishing and threshold counts", "[web]") {
    niamd::master::MasterSnapshot snapshot;
    snapshot.counters.cloudwatch.published = 12000;
    snapshot.counters.cloudwatch.failed_attempts = 7;
    snapshot.counters.cloudwatch.dropped = 3;
    snapshot.counters.cloudwatch.rejected = 1;
    snapshot.counters.cloudwatch.queued = 250;
    snapshot.counters.threshold_series_refused = 4;
    snapshot.counters.log_rule_alerts_suppressed = 9;
    snapshot.counters.log_rule_windows_evicted = 5;
    snapshot.counters.alerts_by_kind[niamd::store::AlertKind::SshAlert] = 1;
    snapshot.counters.alerts_by_kind[niamd::store::AlertKind::MetricCritical] = 2;
    const std::string text = metrics_text(snapshot, web_test::kNow);
    CAPTURE(text);
    for (const char* line : {"niam_cloudwatch_published_total 12000", "niam_cloudwatch_failed_attempts_total 7",
                             "niam_cloudwatch_dropped_total 3", "niam_cloudwatch_rejected_total 1",
                             "# TYPE niam_cloudwatch_queued gauge", "niam_cloudwatch_queued 250",
                             "niam_threshold_series_refused_total 4", R"(niam_alerts_total{kind="METRIC_CRITICAL"} 2)",
                             R"(niam_alerts_total{kind="METRIC_WARNING"} 0)", R"(niam_alerts_total{kind="METRIC_OK"} 0)",
                             "niam_log_rule_alerts_suppressed_total 9", "niam_log_rule_windows_evicted_total 5",
                             R"(niam_alerts_total{kind="SSH_ALERT"} 1)", R"(niam_alerts_total{kind="RULE_CLEARED"} 0)"}) {
        CAPTURE(line);
        CHECK(has_line(text, line));
    }
}

TEST_CASE("metrics: drops at the clients and their backlog are summed over the hosts known now", "[web]") {
    auto snapshot = web_test::sample_snapshot();
    auto& web1 = snapshot->hosts[4].outbox;
    REQUIRE(snapshot->hosts[4].host.key.hostname == "web-1");
    web1.reported = true;
    web1.dropped = {12, 3, 1, 900};
    web1.records = 40;
    auto& web2 = snapshot->hosts[5].outbox;
    web2.reported = true;
    web2.dropped = {5, 0, 2, 100};
    web2.records = 2;
    const std::string text = metrics_text(*snapshot, web_test::kNow);
    CAPTURE(text);
    for (const char* line : {"# TYPE niam_client_dropped_records_total counter",
                             R"(niam_client_dropped_records_total{kind="metric"} 17)",
                             R"(niam_client_dropped_records_total{kind="check"} 3)",
                             R"(niam_client_dropped_records_total{kind="ping"} 3)",
                             R"(niam_client_dropped_records_total{kind="log"} 1000)",
                             "# TYPE niam_client_outbox_records gauge", "niam_client_outbox_records 42"}) {
        CAPTURE(line);
        CHECK(has_line(text, line));
    }
    // No host says anything: every kind still listed, at 0.
    const std::string empty = metrics_text(niamd::master::MasterSnapshot{}, web_test::kNow);
    CHECK(has_line(empty, R"(niam_client_dropped_records_total{kind="check"} 0)"));
    CHECK(has_line(empty, R"(niam_client_dropped_records_total{kind="log"} 0)"));
    CHECK(has_line(empty, "niam_client_outbox_records 0"));
}

TEST_CASE("metrics: host lag quantiles and the receive lanes' counters", "[web]") {
    niamd::master::MasterSnapshot snapshot;
    const std::int64_t now = 1'000'000;
    // 100 hosts whose newest PING is 0..99 s old, and one that never sent a PING (not counted).
    for (int i = 0; i < 100; ++i) {
        niamd::master::HostView view;
        view.host.key = {"h" + std::to_string(i), "NOT-AWS"};
        view.host.last_ping = now - i;
        snapshot.hosts.push_back(view);
    }
    niamd::master::HostView silent;
    silent.host.key = {"silent", "NOT-AWS"};
    snapshot.hosts.push_back(silent);
    snapshot.lanes.lanes = 4;
    snapshot.lanes.received = 40;
    snapshot.lanes.applied = 30;
    snapshot.lanes.deleted = 20;
    snapshot.lanes.delete_failures = 2;
    const std::string text = metrics_text(snapshot, now);
    CAPTURE(text);
    CHECK(has_line(text, R"(niam_host_lag_seconds{quantile="0.5"} 50)"));
    CHECK(has_line(text, R"(niam_host_lag_seconds{quantile="0.99"} 99)"));
    CHECK(has_line(text, "niam_receive_lanes 4"));
    CHECK(has_line(text, "niam_lane_received_total 40"));
    CHECK(has_line(text, "niam_lane_applied_total 30"));
    CHECK(has_line(text, "niam_lane_deleted_total 20"));
    CHECK(has_line(text, "niam_lane_delete_failures_total 2"));
}

TEST_CASE("metrics: host lag with no host is 0", "[web]") {
    niamd::master::MasterSnapshot snapshot;
    const std::string text = metrics_text(snapshot, 1000);
    CHECK(has_line(text, R"(niam_host_lag_seconds{quantile="0.5"} 0)"));
    CHECK(has_line(text, R"(niam_host_lag_seconds{quantile="0.99"} 0)"));
}
