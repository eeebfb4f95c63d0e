// Registered services (monitoring-info) on SQLite and MariaDB: the newest set per host
// replaces the one before, a removed service's check state is deleted, and the registration
// goes with a forgotten host.
#include <catch2/catch.hpp>

#include <string>

#include "store_backend.hpp"
#include "store_rows.hpp"

using namespace store_test;
using niamd::store::Batch;

namespace {

ns::ServiceRegistrationRow registration(const std::string& hostname, const std::string& digest, const std::string& text,
                                        std::int64_t time) {
    ns::ServiceRegistrationRow row;
    row.host = host(hostname);
    row.digest = digest;
    row.registered_at = time;
    row.text = text;
    return row;
}

}  // namespace

void registrations_kept_per_host(StoreBackend& backend) {
    auto clock = clock_at();
    auto store = backend.open(clock);
    Batch first;
    first.registrations.push_back(
        registration("web-1", "0000000000000001", "web http localhost 80 0 0 0 /a.conf", kNow));
    first.registrations.push_back(registration("db-1", "0000000000000002", "", kNow));
    REQUIRE(store->commit(first));
    Batch second;
    second.registrations.push_back(
        registration("web-1", "0000000000000003", "ssh ssh localhost 22 60 5 1 /b.conf", kNow + 10));
    REQUIRE(store->commit(second));
    auto rows = store->load_service_registrations();
    REQUIRE(rows);
    REQUIRE(rows->size() == 2);
    CHECK((*rows)[0].host.hostname == "db-1");
    CHECK((*rows)[0].text.empty());
    CHECK((*rows)[1].host.hostname == "web-1");
    CHECK((*rows)[1].digest == "0000000000000003");
    CHECK((*rows)[1].registered_at == kNow + 10);
    CHECK((*rows)[1].text == "ssh ssh localhost 22 60 5 1 /b.conf");

    Batch forget;
    forget.forgotten_hosts.push_back(host("web-1"));
    REQUIRE(store->commit(forget));
    rows = store->load_service_registrations();
    REQUIRE(rows);
    REQUIRE(rows->size() == 1);
    CHECK((*rows)[0].host.hostname == "db-1");
}
STORE_TEST("service registrations are kept per host and forgotten with it", registrations_kept_per_host)

void removed_service_state_deleted(StoreBackend& backend) {
    auto clock = clock_at();
    auto store = backend.open(clock);
    ns::CheckStateRow web;
    web.check = {host("web-1"), niamd::protocol::RecordKind::Service, "web", "http"};
    web.last_time = kNow;
    web.since = kNow;
    ns::CheckStateRow ssh = web;
    ssh.check.target = "ssh";
    ssh.check.port_or_arg = "ssh";
    Batch batch;
    batch.check_states = {web, ssh};
    REQUIRE(store->commit(batch));
    Batch removal;
    removal.forgotten_checks.push_back(web.check);
    REQUIRE(store->commit(removal));
    auto states = store->load_check_states();
    REQUIRE(states);
    REQUIRE(states->size() == 1);
    CHECK(states->at(0).check.target == "ssh");
    CHECK(states->at(0).check.kind == niamd::protocol::RecordKind::Service);
}
STORE_TEST("a removed service's check state is deleted", removed_service_state_deleted)
