// Master scenario: the master is destroyed and recreated on the same database mid-way:
// no duplicate alert, no lost host.
#include <catch2/catch.hpp>

#include "local_stack.hpp"
#include "mariadb_fixture.hpp"
#include "master_scenario.hpp"
#include "stack_helpers.hpp"

using namespace std::chrono_literals;
using scenario::MasterScenario;

namespace {

void restart_scenario(const std::optional<niamd::config::DatabaseConfig>& database) {
    stack::FaultGuard faults;
    stack::LocalStack::get().reset_counts();
    MasterScenario s;
    s.config.database = database;
    s.config.warn_after = 3;
    s.config.purge_after = 12;
    s.start_master();
    scenario::Pinger pinger(s.queue_url);
    pinger.add("steady-host", "i-0c00000000000001");
    pinger.add("gone-host", "i-0c00000000000002");
    s.send({MasterScenario::http_check("steady-host", "i-0c00000000000001", 1)});
    REQUIRE(MasterScenario::wait_until([&] { return s.snapshot()->hosts.size() == 2; }, 10s));
    std::this_thread::sleep_for(4s);
    pinger.remove("gone-host");
    REQUIRE(MasterScenario::wait_until([&] { return s.log_count("MISSING", "gone-host") == 1; }, 10s));
    CHECK(s.log_count("CHECK_FAILED", "steady-host") == 1);

    s.stop_master();
    std::this_thread::sleep_for(2s);  // down for a while; the steady host's PINGs wait in the queue
    s.start_master();
    s.send({MasterScenario::http_check("steady-host", "i-0c00000000000001", 1)});  // still failing
    REQUIRE(MasterScenario::wait_until([&] { return s.snapshot()->hosts.size() == 2; }, 5s));
    REQUIRE(MasterScenario::wait_until([&] { return s.log_count("PURGED", "gone-host") == 1; }, 20s));
    std::this_thread::sleep_for(2s);
    s.stop_master();

    CHECK(s.log_count("MISSING", "gone-host") == 1);
    CHECK(s.log_count("CHECK_FAILED", "steady-host") == 1);
    CHECK(s.log_count("MISSING", "steady-host") == 0);
    CHECK(s.log_count("RECOVERED") == 0);
    CHECK(s.alert_log().size() == 3);
    REQUIRE(MasterScenario::wait_until([&] { return s.sns_alerts().size() == 3; }, 10s));
    CHECK(s.sns_count("MISSING", "gone-host") == 1);
    CHECK(s.sns_count("CHECK_FAILED", "steady-host") == 1);
    CHECK(s.sns_count("PURGED", "gone-host") == 1);
    REQUIRE_NOTHING_REJECTED();
}

}  // namespace

TEST_CASE("master: a restart on the same SQLite file raises nothing twice and forgets no host",
          "[integration][master]") {
    restart_scenario(std::nullopt);
}

TEST_CASE("master: a restart on the same MariaDB raises nothing twice and forgets no host",
          "[integration][master][mariadb]") {
    restart_scenario(scenario::empty_mariadb());
}
