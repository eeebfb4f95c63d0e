// Master scenario: a client that stops gets exactly one MISSING (alert.log and SNS), then
// PURGED; a client that resumes gets RECOVERED.
#include <catch2/catch.hpp>

#include "local_stack.hpp"
#include "master_scenario.hpp"
#include "stack_helpers.hpp"

using namespace std::chrono_literals;
using scenario::MasterScenario;

TEST_CASE("master: a silent client is MISSING once and then PURGED and one that resumes is RECOVERED",
          "[integration][master]") {
    stack::FaultGuard faults;
    stack::LocalStack::get().reset_counts();
    MasterScenario s;  // WARN_AFTER 3, PURGE_AFTER 8
    s.start_master();
    {
        scenario::Pinger pinger(s.queue_url);
        pinger.add("gone-host", "i-0a00000000000001");
        pinger.add("back-host", "i-0a00000000000002");
        pinger.add("steady-host", "i-0a00000000000003");
        REQUIRE(MasterScenario::wait_until([&] { return s.snapshot()->hosts.size() == 3; }, 10s));
        std::this_thread::sleep_for(4s);  // past the start-up grace
        pinger.remove("gone-host");
        pinger.remove("back-host");
        REQUIRE(MasterScenario::wait_until([&] { return s.log_count("MISSING", "back-host") == 1; }, 10s));
        pinger.add("back-host", "i-0a00000000000002");
        REQUIRE(MasterScenario::wait_until([&] { return s.log_count("RECOVERED", "back-host") == 1; }, 10s));
        REQUIRE(MasterScenario::wait_until([&] { return s.log_count("PURGED", "gone-host") == 1; }, 15s));
        std::this_thread::sleep_for(3s);  // time for any repeat to show
    }
    CHECK(s.log_count("MISSING", "gone-host") == 1);
    CHECK(s.log_count("PURGED", "gone-host") == 1);
    CHECK(s.log_count("MISSING", "back-host") == 1);
    CHECK(s.log_count("RECOVERED", "back-host") == 1);
    CHECK(s.log_count("PURGED", "back-host") == 0);
    CHECK(s.log_count("MISSING", "steady-host") == 0);
    CHECK(s.alert_log().size() == 4);
    // The same through SNS.
    REQUIRE(MasterScenario::wait_until([&] { return s.sns_alerts().size() == 4; }, 10s));
    CHECK(s.sns_count("MISSING", "gone-host") == 1);
    CHECK(s.sns_count("PURGED", "gone-host") == 1);
    CHECK(s.sns_count("MISSING", "back-host") == 1);
    CHECK(s.sns_count("RECOVERED", "back-host") == 1);
    CHECK(s.sns_alerts()[0].subject.rfind("niam: MISSING ", 0) == 0);
    // The live list: the purged host is gone.
    const auto snapshot = s.snapshot();
    CHECK(snapshot->hosts.size() == 2);
    for (const auto& host : snapshot->hosts) CHECK(host.host.key.hostname != "gone-host");
    s.stop_master();
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("master: a failing HTTP check gives one CHECK_FAILED and then one CHECK_OK", "[integration][master]") {
    stack::FaultGuard faults;
    stack::LocalStack::get().reset_counts();
    MasterScenario s;
    s.config.warn_after = 30;
    s.config.purge_after = 60;
    s.start_master();
    const std::string instance = "i-0b00000000000001";
    for (int status : {0, 1, 1, 1, 1, 0, 0, 0}) {
        s.send({MasterScenario::ping("web1", instance), MasterScenario::http_check("web1", instance, status)});
        std::this_thread::sleep_for(1100ms);  // each result a second newer than the last
    }
    REQUIRE(MasterScenario::wait_until([&] { return s.log_count("CHECK_OK", "web1") == 1; }, 10s));
    CHECK(s.log_count("CHECK_FAILED", "web1") == 1);
    CHECK(s.alert_log().size() == 2);
    REQUIRE(MasterScenario::wait_until([&] { return s.sns_alerts().size() == 2; }, 10s));
    CHECK(s.sns_alerts()[0].kind == "CHECK_FAILED");
    CHECK(s.sns_alerts()[1].kind == "CHECK_OK");
    const auto snapshot = s.snapshot();
    REQUIRE(snapshot->hosts.size() == 1);
    REQUIRE(snapshot->hosts[0].checks.size() == 1);
    CHECK(snapshot->hosts[0].checks[0].status == 0);
    CHECK(snapshot->counters.records_received == 16);
    s.stop_master();
    REQUIRE_NOTHING_REJECTED();
}
