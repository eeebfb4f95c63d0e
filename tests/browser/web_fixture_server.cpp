// web_fixture_server: a stand-in master for the browser and promtool tests. It serves the
// real WebServer over a real SQLite store filled with a week of scripted history, and
// publishes a snapshot every second in which:
//   web-1 OK, db-1 CHECK_FAILING, old-1 PURGE_SOON, gone-1 INSTANCE_GONE,
//   <script>alert(1)</script> OK (hostile names and outputs everywhere),
//   ab<U+202E>dc OK (a right-to-left override in its name and its check's target),
//   web-2 OK until --missing-after seconds have passed, then MISSING.
// db-1's client also reports a metric plugin error (a PROBLEM metric) and records dropped
// from its outbox (124: 120 metric samples, 4 check results) with 35 still waiting; web-1's
// client reports an empty outbox that never dropped anything.
//
//   web_fixture_server --state-dir DIR --port-file FILE [--port N] [--missing-after S]
//                      [--token T] [--basic-auth-file F]
// web-1 has log lines (auth.log, journal, docker:web; a hostile line) and events (an
// ssh.failed, a docker.die); each round adds a line "live round <time>" to its source "app".
// The port file gets the bound port once serving. SIGTERM or SIGINT stops it (exit 0).
//
// --fleet N serves N hosts instead (fleet-000000 ...; no history, logs or events): 1 % MISSING
// (silent for 600 s), 2 % CHECK_FAILING (a failed HTTP check), the rest OK, PURGE_AFTER a day.
// Every live host pings every 30 s (each at its own second of the 30, hashed from i), with a
// new check result each time, so each second's snapshot changes 1/30 of the rows.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include <awsrest/clock.hpp>

#include "inventory/inventory.hpp"
#include "log/log.hpp"
#include "master/master_snapshot.hpp"
#include "store/open_store.hpp"
#include "web/web_server.hpp"

namespace {

using niamd::protocol::RecordKind;
using niamd::store::AlertKind;
using niamd::store::HostKey;
using niamd::store::HostStatus;

constexpr int kWarnAfter = 120;
constexpr int kPurgeAfter = 600;
constexpr std::int64_t kWeek = 7 * 86400;
const std::string kXssHost = "<script>alert(1)</script>";
const std::string kBidiHost =
    "ab\xE2\x80\xAE"
    "dc";  // U+202E RIGHT-TO-LEFT OVERRIDE: would read "abcd"

std::atomic<bool> g_stop{false};

extern "C" void on_signal(int) { g_stop = true; }

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

struct ScriptedCheck {
    RecordKind kind;
    std::string target;
    std::string port_or_arg;
    int base_latency_ms;
    bool failing_now;
    std::string output;
};

struct ScriptedHost {
    HostKey key;
    std::vector<ScriptedCheck> checks;
    enum class Script { Live, StopsPinging, LongMissing, Gone } script = Script::Live;
    std::string detail;
};

std::vector<ScriptedHost> scripted_hosts() {
    using S = ScriptedHost::Script;
    return {
        {{"web-1", "i-0aaa1111"},
         {{RecordKind::Http, "example.org", "80", 40, false, "HTTP/1.1 200 OK"},
          {RecordKind::Lping, "10.0.0.1", "22", 3, false, ""}},
         S::Live,
         ""},
        {{"db-1", "NOT-AWS"},
         {{RecordKind::Script, "check_disk", "/", 120, true, "DISK CRITICAL - / 98% used"},
          {RecordKind::Problem, "metric", "disk_stats", 0, true, "line 3: value \"n/a\" is not a number"}},
         S::Live,
         ""},
        {{"web-2", "i-0bbb2222"},
         {{RecordKind::Http, "shop.example", "443", 80, false, "HTTP/1.1 200 OK"}},
         S::StopsPinging,
         ""},
        {{"old-1", "i-0ccc3333"}, {}, S::LongMissing, ""},
        {{"gone-1", "i-0ddd4444"}, {}, S::Gone, "terminated"},
        {{kXssHost, "NOT-AWS"},
         {{RecordKind::Http, "<svg onload=alert(3)>", "80", 25, false, "<img src=x onerror=alert(2)>"},
          {RecordKind::Script, "check_\"quoted\"", "C:\\path\\arg", 60, false, "OK - \"fine\""}},
         S::Live,
         ""},
        {{kBidiHost, "NOT-AWS"},
         {{RecordKind::Http,
           "rtl\xE2\x80\xAE"
           "moc.example",
           "80", 30, false, "OK"}},
         S::Live,
         ""},
    };
}

int latency_at(const ScriptedCheck& check, std::int64_t t) {
    const double wave =
        std::sin(static_cast<double>(t) / 3600.0) * 0.4 + std::sin(static_cast<double>(t) / 420.0) * 0.2;
    return std::max(1, static_cast<int>(check.base_latency_ms * (1.0 + wave)));
}

// Whether the host pinged at t in the seeded history: web-1 has two outages, one 30 minutes ago.
bool pinged_at(const ScriptedHost& host, std::int64_t t, std::int64_t start) {
    if (host.script == ScriptedHost::Script::LongMissing) return t <= start - 550;
    if (host.script == ScriptedHost::Script::Gone) return t <= start - 300;
    if (host.key.hostname == "web-1") {
        if (t > start - 1800 && t < start - 1200) return false;
        if (t > start - 2 * 86400 && t < start - 2 * 86400 + 1800) return false;
    }
    return true;
}

niamd::store::CheckResultRow result_at(const ScriptedHost& host, const ScriptedCheck& check, std::int64_t t,
                                       std::int64_t start) {
    niamd::store::CheckResultRow row;
    row.check = {host.key, check.kind, check.target, check.port_or_arg};
    row.time = t;
    const bool failing = (check.failing_now && t > start - 1200) || (t / 60) % 97 == 0;
    row.status = failing ? 1 : 0;
    if (check.kind != RecordKind::Problem) row.latency_ms = latency_at(check, t);
    row.output = failing ? check.output : "OK";
    return row;
}

niamd::store::AlertRow alert(std::int64_t time, AlertKind kind, HostKey host, std::string detail, bool sent) {
    niamd::store::AlertRow row;
    row.time = time;
    row.kind = kind;
    row.host = std::move(host);
    row.detail = detail;
    row.subject = "niam: " + detail;
    row.message = detail;
    if (sent) {
        row.delivery = niamd::store::Delivery::Sent;
        row.attempts = 1;
        row.sent_at = time + 2;
    } else {
        row.attempts = 3;
        row.last_error = "Throttling: Rate exceeded";
    }
    return row;
}

awsrest::Result<void> seed_history(niamd::store::HistoryStore& store, const std::vector<ScriptedHost>& hosts,
                                   std::int64_t start) {
    niamd::store::Batch batch;
    for (const auto& host : hosts) {
        for (std::int64_t t = start - kWeek; t <= start; t += 60) {
            if (!pinged_at(host, t, start)) continue;
            batch.heartbeats.push_back({host.key, t});
            for (const auto& check : host.checks) batch.results.push_back(result_at(host, check, t, start));
        }
    }
    // web-1's metrics: a week of system metrics a minute and one plugin metric.
    const auto metric = [&](const char* name, const char* tags, const char* unit, std::int64_t t, double value) {
        niamd::store::MetricSampleRow row;
        row.hostname = "web-1";
        row.instance = "i-0aaa1111";
        row.name = name;
        row.tags = tags;
        row.unit = unit;
        row.time = t;
        row.value = value;
        batch.samples.push_back(std::move(row));
    };
    for (std::int64_t t = start - kWeek; t <= start; t += 60) {
        const double day = std::sin(static_cast<double>(t % 86400) / 86400.0 * 2 * M_PI);
        const double wobble = static_cast<double>((t / 60 * 7919) % 100) / 100.0;
        metric("cpu.user_pct", "", "%", t, 20 + 15 * day + 5 * wobble);
        metric("cpu.system_pct", "", "%", t, 6 + 3 * wobble);
        metric("cpu.iowait_pct", "", "%", t, 1 + 2 * wobble * wobble);
        metric("cpu.steal_pct", "", "%", t, 0.2 * wobble);
        metric("mem.used_pct", "", "%", t, 55 + 10 * day);
        metric("load.1", "", "", t, 1.2 + day + wobble);
        metric("load.5", "", "", t, 1.2 + day + 0.5 * wobble);
        metric("load.15", "", "", t, 1.2 + day);
        metric("fs.used_pct", "mount=/", "%", t, 40 + static_cast<double>(t - start + kWeek) / kWeek * 5);
        metric("fs.inodes_used_pct", "mount=/", "%", t, 12);
        metric("fs.used_pct", "mount=/var", "%", t, 70 + 3 * wobble);
        metric("net.rx_bytes_per_s", "if=eth0", "B/s", t, 250000 + 200000 * day + 50000 * wobble);
        metric("net.tx_bytes_per_s", "if=eth0", "B/s", t, 90000 + 60000 * day);
        metric("check_http.time", "", "s", t, 0.05 + 0.02 * wobble);
    }
    batch.alerts = {
        alert(start - 2 * 86400 + 120, AlertKind::Missing, {"web-1", "i-0aaa1111"}, "web-1 silent for 120 s", true),
        alert(start - 2 * 86400 + 1800, AlertKind::Recovered, {"web-1", "i-0aaa1111"}, "web-1 is back", true),
        alert(start - 1680, AlertKind::Missing, {"web-1", "i-0aaa1111"}, "web-1 silent for 120 s", true),
        alert(start - 1200, AlertKind::Recovered, {"web-1", "i-0aaa1111"}, "web-1 is back", true),
        alert(start - 1200, AlertKind::CheckFailed, {"db-1", "NOT-AWS"}, "check_disk / CRITICAL", false),
        alert(start - 430, AlertKind::Missing, {"old-1", "i-0ccc3333"}, "old-1 silent for 120 s", true),
        alert(start - 200, AlertKind::InstanceGone, {"gone-1", "i-0ddd4444"}, "gone-1 terminated", true),
        alert(start - 60, AlertKind::CheckFailed, {kXssHost, "NOT-AWS"}, "<img src=x onerror=alert(2)>", false),
    };
    if (auto done = store.commit(batch); !done) return done;
    // web-1's inventory, collected twice: a day ago and an hour ago (openssl upgraded, curl added).
    niamd::inventory::Inventory inv;
    inv.kernel = "Linux 6.1.0-13-amd64 x86_64";
    inv.os = "Debian GNU/Linux 12 (bookworm)";
    inv.os_id = "debian";
    inv.os_version = "12";
    inv.cpu_model = "Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz";
    inv.cpu_count = 2;
    inv.memory_bytes = 8232366080;
    inv.addresses = {"10.0.0.5", "fe80::5"};
    for (int i = 0; i < 600; ++i)
        inv.packages.push_back({"lib-example-" + std::to_string(i), "1.0-" + std::to_string(i)});
    inv.packages.push_back({"bash", "5.2.15-2+b2"});
    inv.packages.push_back({"openssl", "3.0.11-1~deb12u2"});
    for (const std::int64_t time : {start - 86400, start - 3600}) {
        if (time == start - 3600) {
            inv.packages.back().version = "3.0.13-1~deb12u1";
            inv.packages.push_back({"curl", "7.88.1-10+deb12u5"});
        }
        niamd::inventory::normalise(inv);
        niamd::store::Batch inventory_batch;
        niamd::store::InventoryRow row;
        row.hostname = "web-1";
        row.instance = "i-0aaa1111";
        row.time = time;
        row.text = niamd::inventory::canonical_text(inv);
        row.digest = niamd::inventory::digest_of(row.text);
        inventory_batch.inventories.push_back(std::move(row));
        if (auto done = store.commit(inventory_batch); !done) return done;
    }
    return {};
}

struct Fixture {
    std::vector<ScriptedHost> hosts;
    std::int64_t start = 0;
    std::int64_t missing_after = 4;
    std::int64_t web2_last_ping = 0;
};

std::shared_ptr<niamd::master::MasterSnapshot> snapshot_at(Fixture& fixture, std::int64_t now) {
    auto snapshot = std::make_shared<niamd::master::MasterSnapshot>();
    snapshot->taken_at = now;
    snapshot->warn_after = kWarnAfter;
    snapshot->purge_after = kPurgeAfter;
    const bool web2_stopped = now >= fixture.start + fixture.missing_after;
    for (const auto& scripted : fixture.hosts) {
        niamd::master::HostView view;
        view.host.key = scripted.key;
        view.host.first_seen = fixture.start - kWeek;
        view.host.detail = scripted.detail;
        view.host.last_ping = now;
        view.host.status_since = fixture.start - 1200;
        switch (scripted.script) {
            case ScriptedHost::Script::Live: break;
            case ScriptedHost::Script::StopsPinging:
                if (web2_stopped) {
                    view.host.status = HostStatus::Missing;  // as a master with a short WARN_AFTER would decide
                    view.host.last_ping = fixture.web2_last_ping;
                    view.host.status_since = fixture.start + fixture.missing_after;
                } else {
                    fixture.web2_last_ping = now;
                }
                break;
            case ScriptedHost::Script::LongMissing:
                view.host.status = HostStatus::Missing;
                view.host.last_ping = now - 550;
                view.host.status_since = now - 430;
                break;
            case ScriptedHost::Script::Gone:
                view.host.status = HostStatus::InstanceGone;
                view.host.last_ping = fixture.start - 300;
                view.host.status_since = fixture.start - 200;
                break;
        }
        for (const auto& check : scripted.checks) {
            niamd::store::CheckStateRow state;
            state.check = {scripted.key, check.kind, check.target, check.port_or_arg};
            state.status = check.failing_now ? 1 : 0;
            state.last_time = view.host.last_ping;
            state.since = fixture.start - 1200;
            if (check.kind != RecordKind::Problem) state.latency_ms = latency_at(check, now);
            state.nagios_code =
                check.kind == RecordKind::Script ? std::optional<int>(check.failing_now ? 2 : 0) : std::nullopt;
            state.output = check.output;
            view.checks.push_back(std::move(state));
        }
        if (scripted.key.hostname == "web-1") {
            // Two services of its monitoring-info folder: "api" with a result, "directory"
            // registered but not reported yet (PENDING).
            for (const char* name : {"api", "directory"}) {
                niamd::master::ServiceView service;
                service.service.name = name;
                service.service.type = name == std::string("api") ? "http" : "ldap";
                service.service.target = "localhost";
                service.service.port = name == std::string("api") ? 8080 : 636;
                service.service.interval = 60;
                service.service.retries = 2;
                service.service.source = std::string("/etc/monitoring-info/") + name + ".conf";
                service.registered_at = fixture.start - 600;
                view.services.push_back(std::move(service));
            }
            niamd::store::CheckStateRow api;
            api.check = {scripted.key, RecordKind::Service, "api", "http"};
            api.last_time = view.host.last_ping;
            api.since = fixture.start - 600;
            api.latency_ms = 4;
            api.nagios_code = 0;
            api.output = "HTTP 200 in 4 ms";
            view.checks.push_back(std::move(api));
        }
        if (scripted.key.hostname == "db-1" || scripted.key.hostname == "web-1") view.outbox.reported = true;
        if (scripted.key.hostname == "db-1") {
            view.outbox.dropped = {120, 4, 0, 30};
            view.outbox.records = 35;
            view.outbox.bytes = 9216;
        }
        snapshot->hosts.push_back(std::move(view));
    }
    std::sort(snapshot->hosts.begin(), snapshot->hosts.end(),
              [](const auto& a, const auto& b) { return a.host.key < b.host.key; });
    auto& counters = snapshot->counters;
    const auto rounds = static_cast<std::uint64_t>(now - fixture.start);
    counters.messages_received = 1000 + rounds * 4;
    counters.records_received = 2500 + rounds * 9;
    counters.malformed_messages = 2;
    counters.forged_messages = 1;
    counters.duplicate_messages = 5;
    counters.queue_receive_errors = 3;
    counters.sns_publish_failures = 4;
    counters.alerts_by_kind[AlertKind::Missing] = 3;
    counters.alerts_by_kind[AlertKind::Recovered] = 2;
    counters.alerts_by_kind[AlertKind::CheckFailed] = 2;
    counters.alerts_by_kind[AlertKind::InstanceGone] = 1;
    return snapshot;
}

niamd::store::LogLineRow log_line(std::string source, std::int64_t seq, std::int64_t time, std::string text);

// What the live hosts sent in the last few seconds, as the master would store it.
awsrest::Result<void> record_round(niamd::store::HistoryStore& store, const Fixture& fixture,
                                   const niamd::master::MasterSnapshot& snapshot, std::int64_t now) {
    niamd::store::Batch batch;
    for (const auto& scripted : fixture.hosts) {
        const bool live =
            scripted.script == ScriptedHost::Script::Live ||
            (scripted.script == ScriptedHost::Script::StopsPinging && now < fixture.start + fixture.missing_after);
        if (!live) continue;
        batch.heartbeats.push_back({scripted.key, now});
        for (const auto& check : scripted.checks)
            batch.results.push_back(result_at(scripted, check, now, fixture.start));
    }
    batch.log_lines.push_back(log_line("app", now, now, "live round " + std::to_string(now)));
    for (const auto& view : snapshot.hosts) {
        batch.hosts.push_back(view.host);
        for (const auto& check : view.checks) batch.check_states.push_back(check);
    }
    return store.commit(batch);
}

niamd::store::LogLineRow log_line(std::string source, std::int64_t seq, std::int64_t time, std::string text) {
    niamd::store::LogLineRow row;
    row.hostname = "web-1";
    row.instance = "i-0aaa1111";
    row.source = std::move(source);
    row.seq = seq;
    row.time = time;
    row.line = std::move(text);
    return row;
}

awsrest::Result<void> seed_logs(niamd::store::HistoryStore& store, std::int64_t start) {
    niamd::store::Batch batch;
    std::int64_t seq = 0;
    for (int i = 60; i > 0; --i) {
        const std::int64_t time = start - i * 30;
        batch.log_lines.push_back(
            log_line("journal", ++seq, time, "systemd[1]: Started session " + std::to_string(i) + " of user app."));
        batch.log_lines.push_back(log_line("docker:web", ++seq, time, "10.0.0.7 - - \"GET /health HTTP/1.1\" 200 2"));
        batch.log_lines.back().stream = "stdout";
    }
    batch.log_lines.push_back(log_line("/var/log/auth.log", ++seq, start - 95,
                                       "sshd[812]: Failed password for root from 203.0.113.9 port 5022 ssh2"));
    batch.log_lines.push_back(log_line("/var/log/auth.log", ++seq, start - 90,
                                       "sshd[812]: Accepted publickey for alice from 198.51.100.7 port 40022 ssh2"));
    batch.log_lines.push_back(
        log_line("/var/log/auth.log", ++seq, start - 85, "<img src=x onerror=alert(1)> \xE2\x80\xAE evil"));
    niamd::store::EventRow failed;
    failed.hostname = "web-1";
    failed.instance = "i-0aaa1111";
    failed.kind = "ssh.failed";
    failed.id = "ssh:61";
    failed.time = start - 95;
    failed.fields = "user=root;method=password;source=203.0.113.9;port=5022";
    failed.raw = "Failed password for root from 203.0.113.9 port 5022 ssh2";
    batch.events.push_back(failed);
    niamd::store::EventRow died = failed;
    died.kind = "docker.die";
    died.id = "docker:web:1";
    died.time = start - 60;
    died.fields = "container=web;image=nginx:1.25;exit_code=137";
    died.raw = "";
    batch.events.push_back(died);
    return store.commit(batch);
}

// The --fleet hosts as they are at `now` (see the top of this file).
std::shared_ptr<niamd::master::MasterSnapshot> fleet_at(const niamd::master::MasterSnapshot& base, std::int64_t now,
                                                        std::int64_t start) {
    auto snapshot = std::make_shared<niamd::master::MasterSnapshot>(base);
    snapshot->taken_at = now;
    for (std::size_t i = 0; i < snapshot->hosts.size(); ++i) {
        auto& view = snapshot->hosts[i];
        if (view.host.status == HostStatus::Missing) continue;
        // A hashed phase: every subset (the failing ones too) pings spread over the 30 s.
        const auto phase = static_cast<std::int64_t>(((i * 2654435761u) >> 8) % 30);
        view.host.last_ping = now - (((now - phase) % 30) + 30) % 30;
        for (auto& check : view.checks) {
            check.last_time = view.host.last_ping;
            check.latency_ms = 20 + static_cast<int>((view.host.last_ping / 30 + static_cast<std::int64_t>(i)) % 40);
        }
    }
    (void)start;
    return snapshot;
}

niamd::master::MasterSnapshot fleet_base(int count, std::int64_t start) {
    niamd::master::MasterSnapshot base;
    base.warn_after = kWarnAfter;
    base.purge_after = 86400;
    base.hosts.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "fleet-%06d", i);
        niamd::master::HostView view;
        view.host.key = {name, std::string("i-0f") + (name + 6)};
        view.host.first_seen = start - kWeek;
        view.host.status_since = start - 3600;
        const bool missing = i % 100 == 50;
        const bool failing = !missing && i % 50 == 7;
        if (missing) {
            view.host.status = HostStatus::Missing;
            view.host.last_ping = start - 600;
            view.host.status_since = start - 480;
        }
        niamd::store::CheckStateRow check;
        check.check = {view.host.key, RecordKind::Http, "app.example", "443"};
        check.status = failing ? 1 : 0;
        check.since = start - (failing ? 900 : 3600);
        check.last_time = view.host.last_ping;
        check.output = failing ? "HTTP/1.1 503 Service Unavailable" : "HTTP/1.1 200 OK";
        view.checks.push_back(std::move(check));
        base.hosts.push_back(std::move(view));
    }
    return base;
}

int usage(const char* why) {
    std::cerr << "web_fixture_server: " << why
              << "\nusage: web_fixture_server --state-dir DIR --port-file FILE [--port N] [--missing-after S]"
                 " [--token T] [--basic-auth-file F] [--fleet N]\n";
    return 2;
}

int serve_fleet(int count, std::int64_t start, niamd::store::HistoryStore& reader, niamd::web::WebOptions options,
                const std::filesystem::path& port_file) {
    const niamd::master::MasterSnapshot base = fleet_base(count, start);
    niamd::master::SnapshotBoard board;
    board.publish(fleet_at(base, start, start));
    niamd::web::WebServer web(board, reader, awsrest::system_clock(), std::move(options));
    if (auto started = web.start(); !started) {
        std::cerr << "web_fixture_server: " << started.error().describe() << "\n";
        return 1;
    }
    {
        const auto temporary = port_file.string() + ".tmp";
        std::ofstream(temporary) << web.port() << "\n";
        std::filesystem::rename(temporary, port_file);
    }
    std::signal(SIGTERM, on_signal);
    std::signal(SIGINT, on_signal);
    while (!g_stop) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        const std::int64_t now = unix_now();
        if (now != board.latest()->taken_at) board.publish(fleet_at(base, now, start));
    }
    web.stop();
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    niamd::web::WebOptions options;
    options.port = 0;
    std::filesystem::path state_dir, port_file;
    Fixture fixture;
    int fleet = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        if (i + 1 >= argc) return usage(("missing value after " + flag).c_str());
        const std::string value = argv[++i];
        if (flag == "--state-dir") state_dir = value;
        else if (flag == "--port-file") port_file = value;
        else if (flag == "--port") options.port = std::atoi(value.c_str());
        else if (flag == "--missing-after") fixture.missing_after = std::atoi(value.c_str());
        else if (flag == "--token") options.access_token = value;
        else if (flag == "--basic-auth-file") options.basic_auth_file = value;
        else if (flag == "--fleet") fleet = std::atoi(value.c_str());
        else return usage(("unknown flag " + flag).c_str());
    }
    if (state_dir.empty() || port_file.empty()) return usage("--state-dir and --port-file are required");
    niamd::log::to_stream(stderr);

    std::error_code ignored;
    std::filesystem::remove(state_dir / niamd::store::kSqliteFileName, ignored);
    auto writer = niamd::store::open_store(std::nullopt, state_dir);
    if (!writer) return usage(writer.error().describe().c_str());
    auto reader = niamd::store::open_store(std::nullopt, state_dir);
    if (!reader) return usage(reader.error().describe().c_str());

    fixture.hosts = scripted_hosts();
    fixture.start = unix_now();
    if (fleet > 0) return serve_fleet(fleet, fixture.start, **reader, options, port_file);
    if (auto seeded = seed_history(**writer, fixture.hosts, fixture.start); !seeded) {
        std::cerr << "web_fixture_server: seeding history: " << seeded.error().describe() << "\n";
        return 1;
    }
    if (auto seeded = seed_logs(**writer, fixture.start); !seeded) {
        std::cerr << "web_fixture_server: seeding logs: " << seeded.error().describe() << "\n";
        return 1;
    }
    // web-2 stops --missing-after seconds after serving starts, however long seeding took.
    fixture.missing_after += unix_now() - fixture.start;
    niamd::master::SnapshotBoard board;
    board.publish(snapshot_at(fixture, fixture.start));

    niamd::web::WebServer web(board, **reader, awsrest::system_clock(), options);
    if (auto started = web.start(); !started) {
        std::cerr << "web_fixture_server: " << started.error().describe() << "\n";
        return 1;
    }
    {
        const auto temporary = port_file.string() + ".tmp";
        std::ofstream(temporary) << web.port() << "\n";
        std::filesystem::rename(temporary, port_file);
    }
    std::signal(SIGTERM, on_signal);
    std::signal(SIGINT, on_signal);

    std::int64_t last_round = fixture.start;
    while (!g_stop) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        const std::int64_t now = unix_now();
        if (now == board.latest()->taken_at) continue;
        auto snapshot = snapshot_at(fixture, now);
        board.publish(snapshot);
        if (now - last_round >= 5) {
            last_round = now;
            if (auto recorded = record_round(**writer, fixture, *snapshot, now); !recorded) {
                std::cerr << "web_fixture_server: recording: " << recorded.error().describe() << "\n";
            }
        }
    }
    web.stop();
    return 0;
}
