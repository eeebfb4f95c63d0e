// Registered services (SERVICES records) on the master's injected clock: shown before their
// first result as PENDING, MISSING (alerted once) after 2 x interval + WARN_AFTER, an unchanged
// set changes nothing, and a removed service is forgotten with SERVICE_REMOVED in history only.
#include <catch2/catch.hpp>

#include <algorithm>

#include "monitor_fixture.hpp"
#include "protocol/record_encoder.hpp"
#include "protocol/service_record.hpp"
#include "web/api_json.hpp"

using niamd::protocol::RecordKind;
using niamd::protocol::RegisteredService;
using niamd::store::AlertKind;
using test_support::MonitorFixture;

namespace {

constexpr const char* kInstance = "i-0000000000000001";

RegisteredService service(const std::string& name, const std::string& type, int interval) {
    RegisteredService s;
    s.name = name;
    s.type = type;
    s.target = "localhost";
    s.port = type == "ssh" ? 22 : 80;
    s.interval = interval;
    s.timeout = 5;
    s.retries = 1;
    s.source = "/etc/monitoring-info/" + name + ".conf";
    return s;
}

std::string registration(const std::vector<RegisteredService>& services, std::int64_t time) {
    std::string body;
    for (const auto& record : niamd::protocol::registration_records(kInstance, "web1", services, time)) {
        body += (body.empty() ? "" : "\n") + niamd::protocol::encode_record(record);
    }
    return body;
}

std::string service_result(const std::string& name, const std::string& type, std::int64_t time, int status) {
    niamd::protocol::Record record = MonitorFixture::ping_record("web1", time);
    record.kind = RecordKind::Service;
    record.target = name;
    record.port_or_arg = type;
    record.status = status;
    record.output = status == 0 ? "ok" : "down";
    return niamd::protocol::encode_record(record);
}

std::string state_of(const std::string& json, const std::string& name) {
    const auto at = json.find("\"name\":\"" + name + "\"");
    if (at == std::string::npos) return "absent";
    const auto state = json.find("\"state\":\"", at);
    return json.substr(state + 9, json.find('"', state + 9) - state - 9);
}

}  // namespace

TEST_CASE("services: registered services are PENDING then MISSING once without results", "[master]") {
    MonitorFixture f(test_support::short_timers(30, 600));
    f.start();
    f.deliver(registration({service("web", "http", 10), service("ssh", "ssh", 60)}, f.now()));
    f.round();
    const niamd::store::HostKey host{"web1", kInstance};
    REQUIRE(f.monitor->services().find(host) != nullptr);
    auto snapshot = f.monitor->snapshot(f.now());
    REQUIRE(snapshot->hosts.size() == 1);
    std::string json = niamd::web::host_json(*snapshot, snapshot->hosts[0], f.now());
    CHECK(state_of(json, "web") == "PENDING");
    CHECK(state_of(json, "ssh") == "PENDING");
    CHECK(json.find("\"source\":\"/etc/monitoring-info/web.conf\"") != std::string::npos);
    CHECK(json.find("\"interval\":10,\"timeout\":5,\"retries\":1,") != std::string::npos);

    // web: due MISSING at 2 x 10 + 30 = 50 s; ssh gets its first result before its 150 s.
    f.run_for(49);
    CHECK(f.count(AlertKind::ServiceMissing) == 0);
    f.deliver(service_result("ssh", "ssh", f.now(), 0));
    f.run_for(1);
    REQUIRE(f.count(AlertKind::ServiceMissing) == 1);
    CHECK(f.raised_of(AlertKind::ServiceMissing)[0].detail == "service web (http) registered but no result yet");
    f.run_for(200);
    CHECK(f.count(AlertKind::ServiceMissing) == 1);  // once
    snapshot = f.monitor->snapshot(f.now());
    json = niamd::web::host_json(*snapshot, snapshot->hosts[0], f.now());
    CHECK(state_of(json, "web") == "MISSING");
    CHECK(state_of(json, "ssh") == "OK");
}

TEST_CASE("services: an unchanged registration changes nothing and a removed service is forgotten", "[master]") {
    MonitorFixture f(test_support::short_timers(30, 600));
    f.start();
    const auto both = std::vector<RegisteredService>{service("web", "http", 10), service("ssh", "ssh", 60)};
    f.deliver(registration(both, f.now()));
    f.deliver(service_result("web", "http", f.now(), 1));
    f.round();
    CHECK(f.monitor->counters().registrations_received == 1);
    const niamd::store::CheckKey web_key{{"web1", kInstance}, RecordKind::Service, "web", "http"};
    CHECK(f.store.check_states.count(web_key) == 1);
    f.advance(5);
    f.deliver(registration(both, f.now()));  // resent at a restart of the client: the same digest
    f.round();
    CHECK(f.monitor->counters().registrations_received == 1);

    f.advance(5);
    f.deliver(registration({service("ssh", "ssh", 60)}, f.now()));
    f.round();
    CHECK(f.monitor->checks().find(web_key) == nullptr);
    CHECK(f.store.check_states.count(web_key) == 0);
    // History only: stored, never handed out to be published.
    CHECK(f.count(AlertKind::ServiceRemoved) == 0);
    const auto removed = std::count_if(f.store.alerts.begin(), f.store.alerts.end(),
                                       [](const auto& alert) { return alert.kind == AlertKind::ServiceRemoved; });
    CHECK(removed == 1);
    // A late result of the removed service does not bring it back.
    f.deliver(service_result("web", "http", f.now(), 0));
    f.round();
    CHECK(f.monitor->checks().find(web_key) == nullptr);
    f.run_for(300);
    // Only ssh (never a result) turns MISSING: web's state went with it.
    REQUIRE(f.count(AlertKind::ServiceMissing) == 1);
    CHECK(f.raised_of(AlertKind::ServiceMissing)[0].detail == "service ssh (ssh) registered but no result yet");
}

TEST_CASE("services: a restarted master still knows the registered services", "[master]") {
    MonitorFixture f(test_support::short_timers(30, 600));
    f.start();
    f.ping("web1");
    f.deliver(registration({service("web", "http", 10)}, f.now()));
    f.round();
    REQUIRE(f.store.registrations.size() == 1);
    f.advance(1);
    f.restart();
    const auto* services = f.monitor->services().find({"web1", kInstance});
    REQUIRE(services != nullptr);
    REQUIRE(services->services.size() == 1);
    CHECK(services->services[0].service.source == "/etc/monitoring-info/web.conf");
}

TEST_CASE("services: a service's retries and flap_changes hold its alerts like a check's", "[master][noise]") {
    MonitorFixture f(test_support::short_timers(30, 600));
    f.start();
    f.deliver(registration({service("web", "http", 10)}, f.now()));
    f.round();
    auto result = [&](int status) {
        niamd::protocol::Record record = MonitorFixture::ping_record("web1", f.now());
        record.kind = RecordKind::Service;
        record.target = "web";
        record.port_or_arg = "http";
        record.status = status;
        record.retries = 1;
        record.recover = 1;
        record.flap_changes = 4;
        f.deliver(niamd::protocol::encode_record(record));
        f.round();
        f.advance(10);
    };
    result(1);
    CHECK(f.count(AlertKind::CheckFailed) == 0);  // retries = 1: a single failure is noise
    result(0);
    result(1);
    result(1);
    REQUIRE(f.count(AlertKind::CheckFailed) == 1);
    CHECK(f.raised_of(AlertKind::CheckFailed)[0].detail == "SERVICE web (http) FAILED (2 failures in a row)");
    for (int i = 0; i < 6; ++i) result(i % 2);  // more than 4 changes in the window: flapping
    CHECK(f.count(AlertKind::Flapping) == 1);
    const auto ok_alerts = f.count(AlertKind::CheckOk);
    for (int i = 0; i < 10; ++i) result(i % 2);
    CHECK(f.count(AlertKind::Flapping) == 1);
    CHECK(f.count(AlertKind::CheckOk) == ok_alerts);  // held while flapping
}
