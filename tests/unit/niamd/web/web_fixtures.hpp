// Shared by the [web] tests: a temporary directory, a scripted master snapshot with one
// host in every dashboard state (and one named <script>alert(1)</script>), and the
// matching history written into a real SQLite store.
#pragma once

#include <crypt.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "master/master_snapshot.hpp"
#include "store/history_store.hpp"
#include "support/temp_dir.hpp"

namespace web_test {

inline constexpr std::int64_t kNow = 1440938160;  // ManualClock's default start
inline const std::string kXssHost = "<script>alert(1)</script>";
inline const std::string kXssHostPath = "%3Cscript%3Ealert(1)%3C%2Fscript%3E";

struct TempDir : test_support::TempDir {
    TempDir() : test_support::TempDir("niam-web") {}
};

// A bcrypt hash ($2b$) of `password` made by libcrypt itself (crypt_gensalt, crypt_rn).
inline std::string bcrypt_hash(const std::string& password, unsigned long cost = 4) {
    char setting[CRYPT_GENSALT_OUTPUT_SIZE];
    crypt_data data{};
    const char* hash = crypt_gensalt_rn("$2b$", cost, nullptr, 0, setting, sizeof setting) == nullptr
                           ? nullptr
                           : crypt_rn(password.c_str(), setting, &data, sizeof data);
    if (hash == nullptr || hash[0] == '*') throw std::runtime_error("libcrypt made no bcrypt hash");
    return hash;
}

inline niamd::store::CheckStateRow check_state(const niamd::store::HostKey& host, niamd::protocol::RecordKind kind,
                                               std::string target, std::string port_or_arg, int status,
                                               std::optional<int> latency_ms, std::string output = "") {
    niamd::store::CheckStateRow row;
    row.check = {host, kind, std::move(target), std::move(port_or_arg)};
    row.status = status;
    row.last_time = kNow - 30;
    row.since = kNow - 3000;
    row.latency_ms = latency_ms;
    row.output = std::move(output);
    return row;
}

inline niamd::master::HostView host_view(std::string hostname, std::string instance, niamd::store::HostStatus status,
                                         std::int64_t last_ping, std::string detail = "") {
    niamd::master::HostView view;
    view.host.key = {std::move(hostname), std::move(instance)};
    view.host.status = status;
    view.host.first_seen = kNow - 86400;
    view.host.last_ping = last_ping;
    view.host.status_since = status == niamd::store::HostStatus::Ok ? kNow - 86400 : last_ping + 120;
    view.host.detail = std::move(detail);
    return view;
}

// WARN_AFTER 120, PURGE_AFTER 600. States at kNow:
//   web-1 OK, db-1 CHECK_FAILING, web-2 MISSING, old-1 PURGE_SOON, gone-1 INSTANCE_GONE,
//   <script>alert(1)</script> OK (with a check whose target holds " and \).
inline std::shared_ptr<niamd::master::MasterSnapshot> sample_snapshot() {
    using niamd::protocol::RecordKind;
    using niamd::store::HostStatus;
    auto snapshot = std::make_shared<niamd::master::MasterSnapshot>();
    snapshot->taken_at = kNow - 1;
    snapshot->warn_after = 120;
    snapshot->purge_after = 600;

    auto db = host_view("db-1", "NOT-AWS", HostStatus::Ok, kNow - 20);
    db.checks.push_back(
        check_state(db.host.key, RecordKind::Script, "check_disk", "/", 1, 120, "DISK CRITICAL - / 98%"));
    db.checks.back().nagios_code = 2;
    auto gone = host_view("gone-1", "i-0ddd", HostStatus::InstanceGone, kNow - 300, "terminated");
    auto old = host_view("old-1", "i-0ccc", HostStatus::Missing, kNow - 550);
    auto web1 = host_view("web-1", "i-0aaa", HostStatus::Ok, kNow - 10);
    web1.checks.push_back(check_state(web1.host.key, RecordKind::Lping, "10.0.0.1", "22", 0, 3));
    web1.checks.push_back(check_state(web1.host.key, RecordKind::Http, "example.org", "80", 0, 42, "HTTP/1.1 200 OK"));
    auto web2 = host_view("web-2", "i-0bbb", HostStatus::Missing, kNow - 200);
    auto xss = host_view(kXssHost, "NOT-AWS", HostStatus::Ok, kNow - 5);
    xss.checks.push_back(check_state(xss.host.key, RecordKind::Http, "a\"b\\c", "80", 0, 7, "<b>bold</b>"));

    snapshot->hosts = {std::move(xss), std::move(db),   std::move(gone),
                       std::move(old), std::move(web1), std::move(web2)};
    auto& counters = snapshot->counters;
    counters.messages_received = 100;
    counters.records_received = 250;
    counters.malformed_messages = 2;
    counters.forged_messages = 1;
    counters.duplicate_messages = 3;
    counters.queue_receive_errors = 4;
    counters.sns_publish_failures = 5;
    counters.replayed_messages = 6;
    counters.stale_records = 7;
    counters.hosts_refused = 8;
    counters.alerts_folded = 9;
    counters.clock_gaps = 10;
    counters.store_failures = 11;
    counters.alerts_by_kind[niamd::store::AlertKind::Missing] = 2;
    counters.alerts_by_kind[niamd::store::AlertKind::Recovered] = 1;
    return snapshot;
}

inline niamd::store::AlertRow alert(std::int64_t time, niamd::store::AlertKind kind, niamd::store::HostKey host,
                                    std::string detail) {
    niamd::store::AlertRow row;
    row.time = time;
    row.kind = kind;
    row.host = std::move(host);
    row.detail = std::move(detail);
    row.subject = "niam: " + row.detail;
    row.message = row.detail;
    return row;
}

// History for the sample: web-1 heartbeats every 60 s for two hours and HTTP results with
// latencies; web-2 heartbeats until it went silent 200 s ago; three alerts.
inline void write_sample_history(niamd::store::HistoryStore& store, const niamd::master::MasterSnapshot& snapshot) {
    using niamd::store::AlertKind;
    niamd::store::Batch batch;
    for (const auto& view : snapshot.hosts) {
        batch.hosts.push_back(view.host);
        for (const auto& check : view.checks) batch.check_states.push_back(check);
    }
    const niamd::store::HostKey web1{"web-1", "i-0aaa"};
    const niamd::store::HostKey web2{"web-2", "i-0bbb"};
    for (std::int64_t t = kNow - 7200; t <= kNow - 10; t += 60) {
        batch.heartbeats.push_back({web1, t});
        niamd::store::CheckResultRow result;
        result.check = {web1, niamd::protocol::RecordKind::Http, "example.org", "80"};
        result.time = t;
        result.status = (t / 60) % 17 == 0 ? 1 : 0;
        result.latency_ms = static_cast<int>(20 + (t / 60) % 50);
        batch.results.push_back(result);
    }
    for (std::int64_t t = kNow - 200; t >= kNow - 4000; t -= 60) batch.heartbeats.push_back({web2, t});

    auto sent = alert(kNow - 5000, AlertKind::Recovered, web1, "web-1 is back");
    sent.delivery = niamd::store::Delivery::Sent;
    sent.attempts = 1;
    sent.sent_at = kNow - 4990;
    auto pending = alert(kNow - 80, AlertKind::Missing, web2, "web-2 silent for 120 s");
    pending.attempts = 2;
    pending.last_error = "Throttling: rate exceeded";
    batch.alerts = {sent, pending,
                    alert(kNow - 60, AlertKind::CheckFailed, {kXssHost, "NOT-AWS"}, "<img src=x onerror=alert(2)>")};
    auto committed = store.commit(batch);
    if (!committed) throw std::runtime_error("sample history: " + committed.error().describe());
}

}  // namespace web_test
