#include "web/api_json.hpp"

#include <algorithm>
#include <map>

#include "web/json_writer.hpp"
#include "web/state_timeline.hpp"

namespace niamd::web {
namespace {

void write_check_key(JsonWriter& out, const store::CheckKey& check) {
    out.key("check").value(check_name(check));
    out.key("kind").value(protocol::to_string(check.kind));
    out.key("target").value(check.target);
    out.key("port_or_arg").value(check.port_or_arg);
}

// Name, type, source and schedule of a check: a registered service's own, or those of a check
// of the S3 config (source "s3", interval and timeout null: the host's INTERVAL and TIMEOUT).
void write_check_origin(JsonWriter& out, const store::CheckKey& check, const master::ServiceView* service) {
    if (service != nullptr) {
        out.key("name").value(service->service.name);
        out.key("type").value(service->service.type);
        out.key("source").value(service->service.source);
        out.key("service_target").value(service->service.target);
        out.key("service_port").value(static_cast<std::int64_t>(service->service.port));
        out.key("interval");
        if (service->service.interval > 0) out.value(static_cast<std::int64_t>(service->service.interval));
        else out.null();
        out.key("timeout");
        if (service->service.timeout > 0) out.value(static_cast<std::int64_t>(service->service.timeout));
        else out.null();
        out.key("retries").value(static_cast<std::int64_t>(service->service.retries));
        out.key("registered_at").value(service->registered_at);
        return;
    }
    std::string type(protocol::to_string(check.kind));
    for (char& c : type) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    const bool is_service = check.kind == protocol::RecordKind::Service;
    out.key("name").value(is_service ? check.target : check_name(check));
    out.key("type").value(is_service ? check.port_or_arg : type);
    out.key("source").value(is_service ? "" : "s3");
    out.key("interval").null();
    out.key("timeout").null();
    out.key("retries").value(std::int64_t{0});
}

const master::ServiceView* registered_service(const master::HostView& host, const store::CheckKey& check) {
    if (check.kind != protocol::RecordKind::Service) return nullptr;
    for (const auto& view : host.services) {
        if (view.service.name == check.target && view.service.type == check.port_or_arg) return &view;
    }
    return nullptr;
}

void write_check_state(JsonWriter& out, const store::CheckStateRow& check, const master::ServiceView* service) {
    out.begin_object();
    write_check_key(out, check.check);
    out.key("status").value(check.status == 0 ? "OK" : "FAILED");
    out.key("since").value(check.since);
    out.key("last_time").value(check.last_time);
    out.key("latency_ms").value(check.latency_ms);
    out.key("nagios_code").value(check.nagios_code);
    out.key("output").value(check.output);
    write_check_origin(out, check.check, service);
    out.key("state").value(check.status == 0 ? "OK" : "FAILED");
    out.end_object();
}

// What the host's client said of its outbox; null when it said nothing yet.
void write_outbox(JsonWriter& out, const master::ClientOutbox& outbox) {
    if (!outbox.reported) {
        out.null();
        return;
    }
    out.begin_object();
    out.key("dropped").begin_object();
    for (std::size_t i = 0; i < master::kClientDropKinds.size(); ++i) {
        out.key(master::kClientDropKinds[i]).value(outbox.dropped[i]);
    }
    out.end_object();
    out.key("records").value(outbox.records);
    out.key("bytes").value(outbox.bytes);
    out.end_object();
}

}  // namespace

void write_host_fields(JsonWriter& out, const master::MasterSnapshot& snapshot, const master::HostView& host,
                       std::int64_t now) {
    const HostState state = classify(host, now, snapshot.purge_after);
    out.key("hostname").value(host.host.key.hostname);
    out.key("instance").value(host.host.key.instance);
    out.key("state").value(to_string(state));
    out.key("status").value(store::to_string(host.host.status));
    out.key("status_since").value(host.host.status_since);
    out.key("first_seen").value(host.host.first_seen);
    out.key("last_ping").value(host.host.last_ping);
    out.key("seen_ago").value(now - host.host.last_ping);
    out.key("purge_in");
    if (host.host.status == store::HostStatus::Missing) {
        out.value(seconds_until_purge(host, now, snapshot.purge_after));
    } else {
        out.null();
    }
    out.key("detail").value(host.host.detail);
    out.key("outbox");
    write_outbox(out, host.outbox);
    out.key("checks").begin_array();
    for (const auto& check : host.checks) write_check_state(out, check, registered_service(host, check.check));
    // Registered services without a result yet: PENDING, then MISSING.
    for (const auto& view : host.services) {
        const store::CheckKey key{host.host.key, protocol::RecordKind::Service, view.service.name, view.service.type};
        const bool has_result = std::any_of(host.checks.begin(), host.checks.end(),
                                            [&](const store::CheckStateRow& row) { return row.check == key; });
        if (has_result) continue;
        out.begin_object();
        write_check_key(out, key);
        out.key("status").null();
        out.key("since").value(view.registered_at);
        out.key("last_time").null();
        out.key("latency_ms").null();
        out.key("nagios_code").null();
        out.key("output").value("");
        write_check_origin(out, key, &view);
        out.key("state").value(view.missing ? "MISSING" : "PENDING");
        out.end_object();
    }
    out.end_array();
}

namespace {

void write_snapshot_fields(JsonWriter& out, const master::MasterSnapshot& snapshot, std::int64_t now) {
    out.key("now").value(now);
    out.key("taken_at").value(snapshot.taken_at);
    out.key("warn_after").value(snapshot.warn_after);
    out.key("purge_after").value(snapshot.purge_after);
    out.key("queue_reachable").value(snapshot.queue_reachable);
}

}  // namespace

std::string check_name(const store::CheckKey& check) { return check.target + ":" + check.port_or_arg; }

std::string hosts_json(const master::MasterSnapshot& snapshot, std::int64_t now, std::optional<HostState> only) {
    std::map<HostState, std::int64_t> counts;
    for (const HostState state : kAllHostStates) counts[state] = 0;
    for (const auto& host : snapshot.hosts) ++counts[classify(host, now, snapshot.purge_after)];

    JsonWriter out;
    out.begin_object();
    write_snapshot_fields(out, snapshot, now);
    out.key("counts").begin_object();
    for (const HostState state : kAllHostStates) out.key(to_string(state)).value(counts[state]);
    out.end_object();
    out.key("hosts").begin_array();
    for (const auto& host : snapshot.hosts) {
        if (only && classify(host, now, snapshot.purge_after) != *only) continue;
        out.begin_object();
        write_host_fields(out, snapshot, host, now);
        out.end_object();
    }
    out.end_array();
    out.end_object();
    return out.text();
}

std::string host_json(const master::MasterSnapshot& snapshot, const master::HostView& host, std::int64_t now) {
    JsonWriter out;
    out.begin_object();
    write_snapshot_fields(out, snapshot, now);
    write_host_fields(out, snapshot, host, now);
    out.key("instances").begin_array();
    for (const auto& other : snapshot.hosts) {
        if (other.host.key.hostname == host.host.key.hostname) out.value(other.host.key.instance);
    }
    out.end_array();
    out.end_object();
    return out.text();
}

std::string alerts_json(const std::vector<store::AlertRow>& alerts, std::int64_t since, std::int64_t now) {
    JsonWriter out;
    out.begin_object();
    out.key("now").value(now);
    out.key("since").value(since);
    out.key("alerts").begin_array();
    for (const auto& alert : alerts) {
        out.begin_object();
        out.key("id").value(alert.id);
        out.key("time").value(alert.time);
        out.key("kind").value(store::to_string(alert.kind));
        out.key("hostname").value(alert.host.hostname);
        out.key("instance").value(alert.host.instance);
        out.key("detail").value(alert.detail);
        out.key("subject").value(alert.subject);
        out.key("delivery").value(store::to_string(alert.delivery));
        out.key("attempts").value(alert.attempts);
        out.key("sent_at").value(alert.sent_at);
        out.key("last_error").value(alert.last_error);
        out.end_object();
    }
    out.end_array();
    out.end_object();
    return out.text();
}

std::string history_json(const master::MasterSnapshot& snapshot, const master::HostView& host, const HistoryRows& rows,
                         std::string_view check, std::int64_t since, std::int64_t now) {
    std::vector<std::int64_t> beats;
    beats.reserve(rows.heartbeats.size());
    for (const auto& beat : rows.heartbeats) beats.push_back(beat.time);
    const auto timeline = state_timeline(std::move(beats), since, now, snapshot.warn_after, snapshot.purge_after);

    // Checks of this instance: those it has now, then any others found in the history.
    std::map<store::CheckKey, std::vector<const store::CheckResultRow*>> by_check;
    const auto selected = [&](const store::CheckKey& key) {
        return check.empty() || check_name(key) == check || key.target == check;
    };
    for (const auto& state : host.checks) {
        if (selected(state.check)) by_check[state.check];
    }
    for (const auto& result : rows.results) {
        if (result.check.host == host.host.key && selected(result.check)) by_check[result.check].push_back(&result);
    }

    JsonWriter out;
    out.begin_object();
    out.key("hostname").value(host.host.key.hostname);
    out.key("instance").value(host.host.key.instance);
    out.key("since").value(since);
    out.key("now").value(now);
    out.key("warn_after").value(snapshot.warn_after);
    out.key("purge_after").value(snapshot.purge_after);
    out.key("truncated").value(rows.truncated);
    out.key("heartbeats").value(static_cast<std::int64_t>(rows.heartbeats.size()));
    out.key("timeline").begin_array();
    for (const auto& segment : timeline) {
        out.begin_object();
        out.key("state").value(to_string(segment.state));
        out.key("from").value(segment.from);
        out.key("to").value(segment.to);
        out.end_object();
    }
    out.end_array();
    out.key("checks").begin_array();
    for (auto& [key, results] : by_check) {
        std::stable_sort(results.begin(), results.end(),
                         [](const auto* a, const auto* b) { return a->time < b->time; });
        out.begin_object();
        write_check_key(out, key);
        out.key("points").begin_array();
        for (const auto* result : results) {
            out.begin_array().value(result->time).value(result->status).value(result->latency_ms).end_array();
        }
        out.end_array();
        out.end_object();
    }
    out.end_array();
    out.end_object();
    return out.text();
}

std::string error_json(std::string_view message) {
    JsonWriter out;
    out.begin_object().key("error").value(message).end_object();
    return out.text();
}

}  // namespace niamd::web
