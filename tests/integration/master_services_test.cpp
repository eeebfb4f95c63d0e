// Master scenario: a client's monitoring-info folder with 3 services (ServiceSource over a
// temp folder) registers them through the local stack's SQS; the master's web interface lists
// them PENDING before any result, then with their states, and forgets one whose file was removed.
#include <catch2/catch.hpp>

#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <memory>

#include "checks/check.hpp"
#include "client/config_source.hpp"
#include "client/service_source.hpp"
#include "local_stack.hpp"
#include "master_scenario.hpp"
#include "master_web.hpp"
#include "stack_helpers.hpp"

using namespace std::chrono_literals;
using niamd::protocol::RecordKind;
using scenario::MasterScenario;

namespace {

constexpr const char* kInstance = "i-0a00000000000003";

// Passes, but for the service named "db" which fails.
class Scripted final : public niamd::checks::Check {
  public:
    explicit Scripted(bool ok) : ok_(ok) {}
    niamd::checks::CheckOutcome run(std::chrono::milliseconds) override {
        return ok_ ? niamd::checks::check_passed(2, "fine") : niamd::checks::check_failed(2, "refused");
    }

  private:
    bool ok_;
};

std::string state_in(const std::string& json, const std::string& name) {
    const auto at = json.find("\"name\":\"" + name + "\"");
    if (at == std::string::npos) return "absent";
    const auto state = json.find("\"state\":\"", at);
    return json.substr(state + 9, json.find('"', state + 9) - state - 9);
}

std::vector<niamd::protocol::Record> only(const std::vector<niamd::protocol::Record>& records, RecordKind kind) {
    std::vector<niamd::protocol::Record> out;
    for (const auto& record : records) {
        if (record.kind == kind) out.push_back(record);
    }
    return out;
}

}  // namespace

TEST_CASE("master: services registered through SQS show before their results and go with their file",
          "[integration][master]") {
    stack::FaultGuard faults;
    stack::LocalStack::get().reset_counts();
    MasterScenario s;
    s.config.warn_after = 30;
    s.config.purge_after = 600;
    s.start_master();

    const std::filesystem::path client_dir = s.dir / "client";
    const std::filesystem::path info = client_dir / "monitoring-info";
    std::filesystem::create_directories(info);
    std::ofstream(client_dir / "niam.conf") << "INTERVAL 30\n";
    std::ofstream(info / "web.conf") << "[web]\ntype = http\nport = 8080\ninterval = 60\nretries = 2\n";
    std::ofstream(info / "db.conf") << "[db]\ntype = tcp\nport = 5432\n[ssh]\ntype = ssh\n";
    niamd::client::ConfigSource config(nullptr, "", "svc-host", client_dir, client_dir / "niam.conf");
    config.refresh();
    niamd::client::ServiceSource source(
        {kInstance, "svc-host"}, config, info, {},
        [](const niamd::services::ServiceDefinition& def) { return std::make_unique<Scripted>(def.name != "db"); });

    const auto ping = MasterScenario::ping("svc-host", kInstance);
    const std::int64_t t = ping.time;
    s.send({ping});
    const auto first = source.collect(t);
    source.kept(true);
    s.send(only(first, RecordKind::Services));  // the registration alone: no result yet
    REQUIRE(MasterScenario::wait_until([&] { return s.snapshot()->counters.registrations_received == 1; }, 10s));

    // The web interface serves the snapshot it was started with: a fresh one for each look.
    const auto look = [&s] {
        scenario::MasterWeb web(s);
        auto got = web.get("/api/hosts/svc-host");
        web.stop();
        return got;
    };
    auto res = look();
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(state_in(res->body, "web") == "PENDING");
    CHECK(state_in(res->body, "db") == "PENDING");
    CHECK(state_in(res->body, "ssh") == "PENDING");
    CHECK(res->body.find("\"source\":\"" + (info / "web.conf").string() + "\"") != std::string::npos);

    s.send(only(first, RecordKind::Service));
    REQUIRE(MasterScenario::wait_until(
        [&] {
            const auto snapshot = s.snapshot();
            return !snapshot->hosts.empty() && snapshot->hosts[0].checks.size() == 3;
        },
        10s));
    res = look();
    REQUIRE(res);
    CHECK(state_in(res->body, "web") == "OK");
    CHECK(state_in(res->body, "db") == "FAILED");
    CHECK(state_in(res->body, "ssh") == "OK");

    std::filesystem::remove(info / "db.conf");  // db and ssh go with their file
    source.reload();
    s.send(source.collect(t + 1));
    source.kept(true);
    REQUIRE(MasterScenario::wait_until([&] { return s.snapshot()->counters.registrations_received == 2; }, 10s));
    REQUIRE(MasterScenario::wait_until(
        [&] {
            const auto snapshot = s.snapshot();
            return !snapshot->hosts.empty() && snapshot->hosts[0].checks.size() == 1;
        },
        10s));
    res = look();
    REQUIRE(res);
    CHECK(state_in(res->body, "web") == "OK");
    CHECK(state_in(res->body, "db") == "absent");
    CHECK(state_in(res->body, "ssh") == "absent");
    CHECK(s.sns_count("SERVICE_REMOVED") == 0);  // history only
    s.stop_master();
    REQUIRE_NOTHING_REJECTED();
}
