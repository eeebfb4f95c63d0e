// ServiceSource and the folder watch on explicit times: the monitoring-info folder is read at
// start and on reload, registered at start and again only when the set changed, each service
// runs on its own interval as a SERVICE record, and a burst of file changes makes one reload.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "checks/check.hpp"
#include "client/config_source.hpp"
#include "client/folder_watch.hpp"
#include "client/service_source.hpp"
#include "protocol/service_record.hpp"
#include "support/temp_dir.hpp"

using niamd::client::ChangeDebounce;
using niamd::client::ConfigSource;
using niamd::client::FolderWatch;
using niamd::client::ServiceSource;
using niamd::protocol::Record;
using niamd::protocol::RecordKind;

namespace {

struct Host {
    test_support::TempDir dir{"niam-services"};
    std::filesystem::path info = dir.path() / "monitoring-info";
    ConfigSource config{nullptr, "", "web1", dir.path(), dir.path() / "niam.conf"};
    Host() {
        dir.write("niam.conf", "INTERVAL 30\nTIMEOUT 5\n");
        config.refresh();
    }
    void file(const std::string& name, const std::string& text) const { dir.write("monitoring-info/" + name, text); }
};

class Passing final : public niamd::checks::Check {
  public:
    niamd::checks::CheckOutcome run(std::chrono::milliseconds) override {
        auto outcome = niamd::checks::check_passed(3, "fine");
        outcome.perfdata = "conns=4";
        return outcome;
    }
};

ServiceSource::ServiceCheckMaker passing() {
    return [](const niamd::services::ServiceDefinition&) { return std::make_unique<Passing>(); };
}

std::vector<Record> of_kind(const std::vector<Record>& records, RecordKind kind) {
    std::vector<Record> out;
    for (const auto& record : records) {
        if (record.kind == kind) out.push_back(record);
    }
    return out;
}

std::vector<std::string> registered_names(const std::vector<Record>& records) {
    const auto parts = of_kind(records, RecordKind::Services);
    REQUIRE(parts.size() == 1);
    const auto services = niamd::protocol::parse_registration_text(parts[0].output.value_or("?"));
    REQUIRE(services);
    std::vector<std::string> names;
    for (const auto& service : *services) names.push_back(service.name);
    return names;
}

}  // namespace

TEST_CASE("service source: a host that never had services registers nothing", "[services]") {
    Host host;
    ServiceSource source({"NOT-AWS", "web1"}, host.config, host.info, {}, passing(), host.dir.path());
    CHECK(source.catalog().services.empty());
    CHECK(source.next_due(1000) == ServiceSource::kNever);
    CHECK(source.collect(1000).empty());
    source.kept(true);
    CHECK(source.registrations_sent() == 0);
}

TEST_CASE("service source: services removed while the client was down are unregistered at start", "[services]") {
    Host host;
    host.file("app.conf", "[db]\ntype = tcp\nport = 5432\n");
    {
        ServiceSource source({"NOT-AWS", "web1"}, host.config, host.info, {}, passing(), host.dir.path());
        CHECK(registered_names(source.collect(1000)) == std::vector<std::string>{"db"});
        source.kept(true);
    }
    {  // a restart with the same services registers them again: the master may have forgotten them
        ServiceSource source({"NOT-AWS", "web1"}, host.config, host.info, {}, passing(), host.dir.path());
        CHECK(source.next_due(2000) == 2000);
        CHECK(registered_names(source.collect(2000)) == std::vector<std::string>{"db"});
        source.kept(true);
    }
    std::filesystem::remove(host.info / "app.conf");
    ServiceSource source({"NOT-AWS", "web1"}, host.config, host.info, {}, passing(), host.dir.path());
    CHECK(source.next_due(3000) == 3000);
    const auto records = source.collect(3000);
    CHECK(of_kind(records, RecordKind::Services).size() == 1);  // one empty registration
    CHECK(registered_names(records).empty());
    source.kept(true);
    CHECK(source.next_due(3000) == ServiceSource::kNever);
    ServiceSource after({"NOT-AWS", "web1"}, host.config, host.info, {}, passing(), host.dir.path());
    CHECK(after.next_due(4000) == ServiceSource::kNever);  // the empty set was kept: nothing again
}

TEST_CASE("service source: services run on their own interval as SERVICE records with perfdata", "[services]") {
    Host host;
    host.file("app.conf", "[web]\ntype = http\ninterval = 60\n[db]\ntype = tcp\nport = 5432\n");
    ServiceSource source({"NOT-AWS", "web1"}, host.config, host.info, {}, passing());
    auto records = source.collect(1000);
    source.kept(true);
    CHECK(registered_names(records) == std::vector<std::string>{"db", "web"});
    const auto results = of_kind(records, RecordKind::Service);
    REQUIRE(results.size() == 2);
    CHECK(results[0].target == "web");
    CHECK(results[0].port_or_arg == "http");
    CHECK(results[0].status == 0);
    CHECK(results[0].output == "fine");
    CHECK(results[1].target == "db");
    CHECK(results[1].port_or_arg == "tcp");
    const auto metrics = of_kind(records, RecordKind::Metric);
    REQUIRE(metrics.size() == 2);
    CHECK(metrics[0].target == "web.conns");
    // db at the host's INTERVAL (30), web at its own 60.
    CHECK(source.next_due(1001) == 1030);
    records = source.collect(1030);
    REQUIRE(of_kind(records, RecordKind::Service).size() == 1);
    CHECK(of_kind(records, RecordKind::Service)[0].target == "db");
    CHECK(of_kind(records, RecordKind::Services).empty());
    CHECK(source.next_due(1031) == 1060);
}

TEST_CASE("service source: a reload registers again only when the set changed", "[services]") {
    Host host;
    host.file("a.conf", "[ssh]\ntype = ssh\n");
    ServiceSource source({"NOT-AWS", "web1"}, host.config, host.info, {}, passing());
    CHECK(registered_names(source.collect(1000)) == std::vector<std::string>{"ssh"});
    source.kept(true);
    source.reload();  // nothing changed (SIGHUP): no registration
    CHECK(of_kind(source.collect(1030), RecordKind::Services).empty());
    source.kept(true);
    host.file("b.conf", "[web]\ntype = http\n");
    source.reload();
    CHECK(source.next_due(1031) == 1031);
    CHECK(registered_names(source.collect(1031)) == std::vector<std::string>{"ssh", "web"});
    source.kept(true);
    std::filesystem::remove(host.info / "a.conf");
    source.reload();
    const auto records = source.collect(1032);
    CHECK(registered_names(records) == std::vector<std::string>{"web"});
    for (const auto& record : of_kind(records, RecordKind::Service)) CHECK(record.target != "ssh");
    CHECK(source.registrations_sent() == 2);  // this last one not kept yet
}

TEST_CASE("service source: a registration the outbox did not keep is sent again", "[services]") {
    Host host;
    host.file("a.conf", "[ssh]\ntype = ssh\n");
    ServiceSource source({"NOT-AWS", "web1"}, host.config, host.info, {}, passing());
    CHECK(of_kind(source.collect(1000), RecordKind::Services).size() == 1);
    source.kept(false);
    CHECK(source.next_due(1001) == 1001);
    CHECK(of_kind(source.collect(1001), RecordKind::Services).size() == 1);
    source.kept(true);
    CHECK(source.registrations_sent() == 1);
}

TEST_CASE("service source: the registration holds no password", "[services]") {
    Host host;
    host.file("mail.conf", "[mail]\ntype = imap\nusername = bob\npassword = hunter2-secret\n");
    ServiceSource source({"NOT-AWS", "web1"}, host.config, host.info, {}, passing());
    for (const auto& record : source.collect(1000)) {
        CHECK(record.output.value_or("").find("hunter2") == std::string::npos);
    }
}

TEST_CASE("folder watch: writing three files is one burst and one reload", "[services]") {
    Host host;
    std::filesystem::create_directories(host.info);
    FolderWatch watch(host.info);
    REQUIRE(watch.watching());
    CHECK_FALSE(watch.take_changes());
    host.file("a.conf", "[a]\ntype = ssh\n");
    host.file("b.conf", "[b]\ntype = ssh\n");
    host.file("c.txt", "not a service file\n");
    host.file("d.conf", "[d]\ntype = ssh\n");
    CHECK(watch.take_changes());
    CHECK_FALSE(watch.take_changes());
    host.file("e.txt", "x");
    CHECK_FALSE(watch.take_changes());  // not a *.conf file
    std::filesystem::remove(host.info / "a.conf");
    CHECK(watch.take_changes());

    using namespace std::chrono_literals;
    ChangeDebounce debounce(500ms, 5s);
    const auto t0 = std::chrono::steady_clock::time_point{} + 100s;
    debounce.changed(t0);
    debounce.changed(t0 + 200ms);
    debounce.changed(t0 + 400ms);
    CHECK_FALSE(debounce.take_due(t0 + 800ms));
    CHECK(debounce.take_due(t0 + 900ms));
    CHECK_FALSE(debounce.take_due(t0 + 2s));
    // A steady trickle still reloads after `longest`.
    for (int i = 0; i < 20; ++i) debounce.changed(t0 + 10s + i * 400ms);
    CHECK(debounce.due_at() == t0 + 15s);
}

TEST_CASE("folder watch: a folder made after the start is watched", "[services]") {
    Host host;
    FolderWatch watch(host.info);
    CHECK_FALSE(watch.watching());
    CHECK_FALSE(watch.take_changes());
    std::filesystem::create_directories(host.info);
    CHECK(watch.take_changes());
    CHECK(watch.watching());
    host.file("a.conf", "[a]\ntype = ssh\n");
    CHECK(watch.take_changes());
}

TEST_CASE("service source: a service's retries recover and flap_changes ride with its results", "[services]") {
    Host host;
    host.file("db.conf",
              "[db]\ntype = tcp\nport = 5432\nretries = 2\nrecover = 3\nflap_changes = 6\n[web]\ntype = http\n");
    ServiceSource source({"NOT-AWS", "web1"}, host.config, host.info, {}, passing());
    const auto results = of_kind(source.collect(1000), RecordKind::Service);
    REQUIRE(results.size() == 2);
    const auto db = results[0].target == "db" ? results[0] : results[1];
    const auto web = results[0].target == "db" ? results[1] : results[0];
    CHECK(db.retries == 2);
    CHECK(db.recover == 3);
    CHECK(db.flap_changes == 6);
    CHECK(web.retries == 0);
    CHECK(web.recover == 1);  // the service default, the master's too
    CHECK(web.flap_changes == 0);
}
