// Master scenario: the EC2 cross-check. A terminated instance's silent host gets
// INSTANCE_GONE and is purged; a running instance that never sent a PING is NO_AGENT once.
#include <catch2/catch.hpp>

#include "local_stack.hpp"
#include "master_scenario.hpp"
#include "stack_helpers.hpp"

using namespace std::chrono_literals;
using scenario::MasterScenario;

TEST_CASE(
    "master: an instance terminated in EC2 gives INSTANCE_GONE and then its host is purged and NO_AGENT comes once",
    "[integration][master]") {
    stack::FaultGuard faults;
    stack::Ec2InstancesGuard instances;
    auto& stack = stack::LocalStack::get();
    stack.reset_counts();
    const std::string with_agent = "i-01234000000000001";
    const std::string without_agent = "i-01234000000000002";
    stack.control("POST", "ec2/instances",
                  R"([{"instanceId":")" + with_agent +
                      R"(","state":"running","tags":{"Name":"app-1"}},)"
                      R"({"instanceId":")" +
                      without_agent +
                      R"(","state":"running","launchTime":"2020-01-01T00:00:00Z",)"
                      R"("tags":{"Name":"quiet-1"}}])");
    MasterScenario s;
    s.config.warn_after = 3;
    s.config.purge_after = 30;
    s.config.ec2_check = 1;
    s.config.no_agent.enabled = true;
    s.start_master();
    {
        scenario::Pinger pinger(s.queue_url);
        pinger.add("app-1", with_agent);
        REQUIRE(MasterScenario::wait_until([&] { return s.snapshot()->hosts.size() == 1; }, 10s));
        REQUIRE(MasterScenario::wait_until([&] { return s.log_count("NO_AGENT") == 1; }, 15s));
        pinger.remove("app-1");
        stack.control("POST", "ec2/instances/" + with_agent + "/terminate");
    }
    REQUIRE(MasterScenario::wait_until([&] { return s.log_count("PURGED", "app-1") == 1; }, 15s));
    std::this_thread::sleep_for(3s);
    s.stop_master();
    CHECK(s.log_count("INSTANCE_GONE", "app-1") == 1);
    CHECK(s.log_count("MISSING") == 0);
    CHECK(s.log_count("NO_AGENT", "quiet-1") == 1);
    bool terminated_named = false;
    for (const auto& line : s.alert_log()) {
        if (line.find("INSTANCE_GONE app-1 " + with_agent + " instance is terminated") != std::string::npos) {
            terminated_named = true;
        }
    }
    CHECK(terminated_named);
    CHECK(s.snapshot()->hosts.empty());
    REQUIRE(MasterScenario::wait_until([&] { return s.sns_alerts().size() == 3; }, 10s));
    CHECK(s.sns_count("INSTANCE_GONE", "app-1") == 1);
    CHECK(s.sns_count("PURGED", "app-1") == 1);
    CHECK(stack.requests("ec2", "DescribeInstances") >= 2);
    REQUIRE_NOTHING_REJECTED();
}
