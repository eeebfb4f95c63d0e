// The EC2 cross-check: INSTANCE_GONE instead of MISSING, terminated hosts purged,
// NO_AGENT once for running instances that never sent a PING.
#include <catch2/catch.hpp>

#include "monitor_fixture.hpp"

using niamd::store::AlertKind;
using niamd::store::HostStatus;
using test_support::MonitorFixture;

namespace {

awsrest::Ec2Instance instance(const std::string& id, const std::string& state, awsrest::TimePoint launched = {}) {
    awsrest::Ec2Instance i;
    i.instance_id = id;
    i.state_name = state;
    i.launch_time = launched;
    return i;
}

}  // namespace

TEST_CASE("ec2: a silent host whose instance is stopped gets INSTANCE_GONE instead of MISSING", "[master]") {
    MonitorFixture f;
    f.start();
    f.ping("web1", "i-0000000000000001");
    f.ping("web2", "i-0000000000000002");
    f.round();
    f.monitor->apply_instances({instance("i-0000000000000001", "stopped"), instance("i-0000000000000002", "running")},
                               f.now());
    f.run_for(3);
    REQUIRE(f.count(AlertKind::InstanceGone) == 1);
    CHECK(f.raised_of(AlertKind::InstanceGone)[0].host.hostname == "web1");
    CHECK(f.raised_of(AlertKind::InstanceGone)[0].detail == "instance is stopped; no PING for 3 s");
    REQUIRE(f.count(AlertKind::Missing) == 1);
    CHECK(f.raised_of(AlertKind::Missing)[0].host.hostname == "web2");
    CHECK(f.store.hosts.at({"web1", "i-0000000000000001"}).status == HostStatus::InstanceGone);
    CHECK(f.store.hosts.at({"web1", "i-0000000000000001"}).detail == "stopped");
}

TEST_CASE("ec2: a MISSING host whose instance is terminated gets INSTANCE_GONE and is purged", "[master]") {
    MonitorFixture f(test_support::short_timers(3, 100));
    f.start();
    f.ping("web1");
    f.round();
    f.run_for(3);
    REQUIRE(f.count(AlertKind::Missing) == 1);
    f.monitor->apply_instances({instance("i-0000000000000001", "terminated")}, f.now());
    f.round();
    REQUIRE(f.count(AlertKind::InstanceGone) == 1);
    CHECK(f.raised_of(AlertKind::InstanceGone)[0].detail.rfind("instance is terminated", 0) == 0);
    REQUIRE(f.count(AlertKind::Purged) == 1);
    CHECK(f.raised_of(AlertKind::Purged)[0].detail == "instance terminated");
    CHECK(f.store.hosts.empty());
    // The next cross-check says the same: nothing more.
    f.monitor->apply_instances({instance("i-0000000000000001", "terminated")}, f.now());
    f.run_for(5);
    CHECK(f.raised.size() == 3);
}

TEST_CASE("ec2: a healthy host is left alone whatever EC2 says", "[master]") {
    MonitorFixture f;
    f.start();
    f.ping("web1");
    f.round();
    f.monitor->apply_instances({instance("i-0000000000000001", "stopping")}, f.now());
    f.round();
    CHECK(f.raised.empty());
}

TEST_CASE("ec2: NO_AGENT once for a running instance that never sent a PING", "[master]") {
    auto config = test_support::short_timers(3, 8);
    config.no_agent.enabled = true;
    MonitorFixture f(config);
    f.start();
    f.run_for(3);  // past the start-up grace
    f.ping("web1", "i-0000000000000001");
    f.round();
    const auto long_ago = f.clock.now() - std::chrono::hours(1);
    auto quiet = instance("i-0000000000000009", "running", long_ago);
    quiet.name = "batch-7";
    const std::vector<awsrest::Ec2Instance> instances{
        instance("i-0000000000000001", "running", long_ago), quiet,
        instance("i-000000000000000a", "running", f.clock.now()),  // just launched: not yet
        instance("i-000000000000000b", "stopped", long_ago)};
    f.monitor->apply_instances(instances, f.now());
    f.round();
    REQUIRE(f.count(AlertKind::NoAgent) == 1);
    CHECK(f.raised_of(AlertKind::NoAgent)[0].host.instance == "i-0000000000000009");
    CHECK(f.raised_of(AlertKind::NoAgent)[0].host.hostname == "batch-7");
    f.monitor->apply_instances(instances, f.now());
    f.round();
    CHECK(f.count(AlertKind::NoAgent) == 1);
    // Not again after a restart either.
    f.restart();
    f.run_for(3);
    f.monitor->apply_instances(instances, f.now());
    f.round();
    CHECK(f.count(AlertKind::NoAgent) == 2);  // i-...a has been running for WARN_AFTER now
    CHECK(f.raised_of(AlertKind::NoAgent)[1].host.instance == "i-000000000000000a");
}

TEST_CASE("ec2: NO_AGENT is off by default and limited by its tag filter", "[master]") {
    const auto long_ago = awsrest::TimePoint{};
    auto tagged = instance("i-0000000000000009", "running", long_ago);
    tagged.tags["Monitored"] = "yes";
    const std::vector<awsrest::Ec2Instance> instances{tagged, instance("i-000000000000000a", "running", long_ago)};
    {
        MonitorFixture f;
        f.start();
        f.run_for(3);
        f.monitor->apply_instances(instances, f.now());
        f.round();
        CHECK(f.raised.empty());
    }
    auto config = test_support::short_timers(3, 8);
    config.no_agent = {true, "Monitored", "yes"};
    MonitorFixture f(config);
    f.start();
    f.run_for(3);
    f.monitor->apply_instances(instances, f.now());
    f.round();
    REQUIRE(f.count(AlertKind::NoAgent) == 1);
    CHECK(f.raised_of(AlertKind::NoAgent)[0].host.instance == "i-0000000000000009");
}
