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

TEST_CASE("metrics: aggregates of the hosts and checks, no series per host", "[web]") {
    const auto snapshot = web_test::sample_snapshot();
    const std::string text = metrics_text(*snapshot, web_test::kNow);
    CAPTURE(text);
    const char* lines[] = {
        // Ages of the hosts whose status is OK: <script> 5, web-1 10, db-1 20 (nearest rank).
        "# TYPE niam_host_heartbeat_age_seconds summary",
        R"(niam_host_heartbeat_age_seconds{quantile="0.5"} 10)",
        R"(niam_host_heartbeat_age_seconds{quantile="0.99"} 20)",
        R"(niam_host_heartbeat_age_seconds{quantile="1"} 20)",
        "niam_host_heartbeat_age_seconds_sum 35",
        "niam_host_heartbeat_age_seconds_count 3",
        "# TYPE niam_checks gauge",
        R"(niam_checks{status="OK"} 3)",
        R"(niam_checks{status="FAILED"} 1)",
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
    // No label names a host or a check: the size does not grow with the fleet.
    CHECK(text.find("hostname=") == std::string::npos);
    CHECK(text.find("web-1") == std::string::npos);
    CHECK(text.find("niam_host_up") == std::string::npos);
}

TEST_CASE("metrics: under 100 KB with 100,000 hosts", "[web]") {
    using niamd::store::HostStatus;
    niamd::master::MasterSnapshot snapshot;
    snapshot.taken_at = web_test::kNow;
    for (int i = 0; i < 100000; ++i) {
        const HostStatus status = i % 100 == 0 ? HostStatus::Missing : HostStatus::Ok;
        auto view = web_test::host_view("fleet-" + std::to_string(i), "i-" + std::to_string(i), status,
                                        web_test::kNow - (i % 100 == 0 ? 300 : i % 30));
        view.checks.push_back(web_test::check_state(view.host.key, niamd::protocol::RecordKind::Http, "service.example",
                                                    "443", i % 50 == 1 ? 1 : 0, 40));
        snapshot.hosts.push_back(std::move(view));
    }
    const std::string text = metrics_text(snapshot, web_test::kNow);
    CAPTURE(text.size());
    CHECK(text.size() < 100 * 1024);
    CHECK(has_line(text, R"(niam_hosts{state="MISSING"} 1000)"));
    CHECK(has_line(text, R"(niam_hosts{state="CHECK_FAILING"} 2000)"));
    CHECK(has_line(text, R"(niam_hosts{state="OK"} 97000)"));
    CHECK(has_line(text, R"(niam_checks{status="FAILED"} 2000)"));
    CHECK(has_line(text, "niam_host_heartbeat_age_seconds_count 99000"));
    CHECK(has_line(text, R"(niam_host_heartbeat_age_seconds{quantile="1"} 29)"));
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
            std::string name = line.substr(0, line.find_first_of("{ "));
            for (const char* suffix : {"_sum", "_count"}) {  // a summary's own samples
                const std::string family = name.substr(0, name.size() - std::string(suffix).size());
                if (name.ends_with(suffix) && typed.count(family) == 1) name = family;
            }
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
    CHECK(has_line(text, "# TYPE niam_host_heartbeat_age_seconds summary"));
    CHECK(has_line(text, R"(niam_host_heartbeat_age_seconds{quantile="0.5"} 0)"));
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
    snapshot.counters.seen_messages = 70000;
    snapshot.counters.seen_messages_forgotten = 6;
    snapshot.counters.alerts_by_kind[niamd::store::AlertKind::SshAlert] = 1;
    snapshot.counters.alerts_by_kind[niamd::store::AlertKind::MetricCritical] = 2;
    const std::string text = metrics_text(snapshot, web_test::kNow);
    CAPTURE(text);
    for (const char* line :
         {"niam_cloudwatch_published_total 12000", "niam_cloudwatch_failed_attempts_total 7",
          "niam_cloudwatch_dropped_total 3", "niam_cloudwatch_rejected_total 1", "# TYPE niam_cloudwatch_queued gauge",
          "niam_cloudwatch_queued 250", "niam_threshold_series_refused_total 4",
          R"(niam_alerts_total{kind="METRIC_CRITICAL"} 2)", R"(niam_alerts_total{kind="METRIC_WARNING"} 0)",
          R"(niam_alerts_total{kind="METRIC_OK"} 0)", "niam_log_rule_alerts_suppressed_total 9",
          "niam_log_rule_windows_evicted_total 5", R"(niam_alerts_total{kind="SSH_ALERT"} 1)",
          R"(niam_alerts_total{kind="RULE_CLEARED"} 0)", "# TYPE niam_seen_messages gauge", "niam_seen_messages 70000",
          "niam_seen_messages_forgotten_total 6"}) {
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
    for (const char* line :
         {"# TYPE niam_client_dropped_records_total counter", R"(niam_client_dropped_records_total{kind="metric"} 17)",
          R"(niam_client_dropped_records_total{kind="check"} 3)", R"(niam_client_dropped_records_total{kind="ping"} 3)",
          R"(niam_client_dropped_records_total{kind="log"} 1000)", "# TYPE niam_client_outbox_records gauge",
          "niam_client_outbox_records 42"}) {
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
    snapshot.lanes.active = 3;
    snapshot.lanes.full_receives = 2;
    snapshot.lanes.received = 40;
    snapshot.lanes.applied = 30;
    snapshot.lanes.deleted = 20;
    snapshot.lanes.delete_failures = 2;
    const std::string text = metrics_text(snapshot, now);
    CAPTURE(text);
    CHECK(has_line(text, R"(niam_host_lag_seconds{quantile="0.5"} 50)"));
    CHECK(has_line(text, R"(niam_host_lag_seconds{quantile="0.99"} 99)"));
    CHECK(has_line(text, "# TYPE niam_host_lag_seconds summary"));
    CHECK(has_line(text, "niam_host_lag_seconds_sum 4950"));
    CHECK(has_line(text, "niam_host_lag_seconds_count 100"));
    CHECK(has_line(text, "niam_receive_lanes 4"));
    CHECK(has_line(text, "niam_receive_lanes_polling 3"));
    CHECK(has_line(text, "niam_lane_full_receives_total 2"));
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
    CHECK(has_line(text, "niam_host_lag_seconds_count 0"));
}
