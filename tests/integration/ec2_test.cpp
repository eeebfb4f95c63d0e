// Ec2Client::describe_instances against the stack's EC2 fake: instances added through the
// control API, then found with filters, paged with MaxResults, and seen changing state.
#include <awsrest/ec2.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "local_stack.hpp"
#include "stack_helpers.hpp"

namespace {

using awsrest::DescribeInstancesRequest;
using awsrest::Ec2Client;
using awsrest::ErrorKind;
using stack::LocalStack;

// "i-" and 17 hex digits, numbered.
std::string instance_id(int n) {
    char id[32];
    std::snprintf(id, sizeof id, "i-0123456789abc%04x", n);
    return id;
}

// Twelve instances in us-east-1: web-01..08 (01-06 running, 07-08 stopped) and
// db-01..04 (running), plus one in eu-west-1 that a us-east-1 call must not list.
void add_fleet() {
    std::string specs = "[";
    for (int n = 1; n <= 12; ++n) {
        const bool web = n <= 8;
        char name[16];
        std::snprintf(name, sizeof name, "%s-%02d", web ? "web" : "db", web ? n : n - 8);
        const std::string state = (n == 7 || n == 8) ? "stopped" : "running";
        specs += "{\"instanceId\":\"" + instance_id(n) + "\",\"state\":\"" + state + "\",\"instanceType\":\"" +
                 std::string(web ? "t3.small" : "r6g.large") + "\",\"privateIpAddress\":\"10.1.0." + std::to_string(n) +
                 "\",\"ipAddress\":\"203.0.113." + std::to_string(n) +
                 "\",\"launchTime\":\"2024-03-01T12:34:56.000Z\",\"tags\":{\"Name\":\"" + name + "\",\"team\":\"" +
                 std::string(web ? "frontend" : "data") + "\"}},";
    }
    specs += "{\"instanceId\":\"" + instance_id(99) + "\",\"region\":\"eu-west-1\",\"tags\":{\"Name\":\"web-eu\"}}]";
    LocalStack::get().control("POST", "ec2/instances", specs);
}

std::set<std::string> names_of(const std::vector<awsrest::Ec2Instance>& instances) {
    std::set<std::string> names;
    for (const auto& instance : instances) names.insert(instance.name);
    return names;
}

awsrest::Ec2Instance describe_one(Ec2Client& ec2, const std::string& id) {
    DescribeInstancesRequest request;
    request.instance_ids = {id};
    auto found = ec2.describe_instances(request);
    INFO((found ? "" : found.error().describe()));
    REQUIRE(found);
    REQUIRE(found->size() == 1);
    return found->front();
}

}  // namespace

TEST_CASE("ec2: DescribeInstances lists the instances of the signing region with their details", "[integration][ec2]") {
    stack::FaultGuard faults;  // none left from an earlier test, none left behind
    stack::Ec2InstancesGuard instances;
    auto& stack = LocalStack::get();
    add_fleet();
    stack.reset_counts();
    Ec2Client ec2(stack.client(), stack::service_endpoint("ec2"));

    auto all = ec2.describe_instances();
    INFO((all ? "" : all.error().describe()));
    REQUIRE(all);
    CHECK(all->size() == 12);
    CHECK(names_of(*all).count("web-eu") == 0);

    const auto web1 = describe_one(ec2, instance_id(1));
    CHECK(web1.instance_id == instance_id(1));
    CHECK(web1.name == "web-01");
    CHECK(web1.tags == std::map<std::string, std::string>{{"Name", "web-01"}, {"team", "frontend"}});
    CHECK(web1.instance_type == "t3.small");
    CHECK(web1.state_name == "running");
    CHECK(web1.state_code == 16);
    CHECK(web1.private_ip == "10.1.0.1");
    CHECK(web1.public_ip == "203.0.113.1");
    CHECK(web1.availability_zone == "us-east-1a");
    using namespace std::chrono;
    CHECK(web1.launch_time == sys_days(year(2024) / 3 / 1) + hours(12) + minutes(34) + seconds(56));

    // A stopped instance has no public address.
    const auto web7 = describe_one(ec2, instance_id(7));
    CHECK(web7.state_name == "stopped");
    CHECK(web7.state_code == 80);
    CHECK(web7.public_ip.empty());

    CHECK(stack.requests("ec2", "DescribeInstances") == 3);
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("ec2: DescribeInstances filters by tag and by state", "[integration][ec2]") {
    stack::FaultGuard faults;  // none left from an earlier test, none left behind
    stack::Ec2InstancesGuard instances;
    auto& stack = LocalStack::get();
    add_fleet();
    stack.reset_counts();
    Ec2Client ec2(stack.client(), stack::service_endpoint("ec2"));

    DescribeInstancesRequest by_name;
    by_name.filters = {{"tag:Name", {"web-*"}}};
    auto web = ec2.describe_instances(by_name);
    REQUIRE(web);
    CHECK(names_of(*web) ==
          std::set<std::string>{"web-01", "web-02", "web-03", "web-04", "web-05", "web-06", "web-07", "web-08"});

    DescribeInstancesRequest exact;
    exact.filters = {{"tag:Name", {"db-02", "db-04"}}};  // values of one filter: any of them
    auto two = ec2.describe_instances(exact);
    REQUIRE(two);
    CHECK(names_of(*two) == std::set<std::string>{"db-02", "db-04"});

    DescribeInstancesRequest stopped;
    stopped.filters = {{"instance-state-name", {"stopped"}}};
    auto down = ec2.describe_instances(stopped);
    REQUIRE(down);
    CHECK(names_of(*down) == std::set<std::string>{"web-07", "web-08"});

    DescribeInstancesRequest both;  // filters: all of them
    both.filters = {{"tag:team", {"frontend"}}, {"instance-state-name", {"running"}}};
    auto running_web = ec2.describe_instances(both);
    REQUIRE(running_web);
    CHECK(names_of(*running_web) == std::set<std::string>{"web-01", "web-02", "web-03", "web-04", "web-05", "web-06"});

    DescribeInstancesRequest none;
    none.filters = {{"tag:Name", {"nothing-like-this"}}};
    auto empty = ec2.describe_instances(none);
    REQUIRE(empty);
    CHECK(empty->empty());

    // An unknown id is EC2's own error, passed on.
    DescribeInstancesRequest missing;
    missing.instance_ids = {instance_id(0xfff)};
    auto not_found = ec2.describe_instances(missing);
    REQUIRE_FALSE(not_found);
    CHECK(not_found.error().kind == ErrorKind::Service);
    CHECK(not_found.error().code == "InvalidInstanceID.NotFound");
    CHECK(not_found.error().message.find("EC2.DescribeInstances") != std::string::npos);

    CHECK(stack.requests("ec2", "DescribeInstances") == 6);
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("ec2: DescribeInstances pages with MaxResults 5 over 12 instances", "[integration][ec2]") {
    stack::FaultGuard faults;  // none left from an earlier test, none left behind
    stack::Ec2InstancesGuard instances;
    auto& stack = LocalStack::get();
    add_fleet();
    stack.reset_counts();
    Ec2Client ec2(stack.client(), stack::service_endpoint("ec2"));

    DescribeInstancesRequest request;
    request.max_results = 5;

    SECTION("page by page") {
        std::vector<std::size_t> sizes;
        std::set<std::string> ids;
        std::string token;
        for (int page = 0; page < 5; ++page) {
            auto result = ec2.describe_instances_page(request, token);
            INFO("page " << page << ": " << (result ? "" : result.error().describe()));
            REQUIRE(result);
            CHECK_FALSE(result->request_id.empty());
            sizes.push_back(result->instances.size());
            for (const auto& instance : result->instances) ids.insert(instance.instance_id);
            token = result->next_token;
            if (token.empty()) break;
        }
        CHECK(sizes == std::vector<std::size_t>{5, 5, 2});
        CHECK(ids.size() == 12);
        CHECK(stack.requests("ec2", "DescribeInstances") == 3);
    }

    SECTION("describe_instances follows nextToken") {
        auto all = ec2.describe_instances(request);
        REQUIRE(all);
        CHECK(all->size() == 12);
        std::set<std::string> ids;
        for (const auto& instance : *all) ids.insert(instance.instance_id);
        CHECK(ids.size() == 12);
        CHECK(stack.requests("ec2", "DescribeInstances") == 3);

        request.max_pages = 2;
        auto capped = ec2.describe_instances(request);
        REQUIRE_FALSE(capped);
        CHECK(capped.error().kind == ErrorKind::InvalidArgument);
    }
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("ec2: state changes made through the control API show in DescribeInstances", "[integration][ec2]") {
    stack::FaultGuard faults;  // none left from an earlier test, none left behind
    stack::Ec2InstancesGuard instances;
    auto& stack = LocalStack::get();
    add_fleet();
    stack.reset_counts();
    Ec2Client ec2(stack.client(), stack::service_endpoint("ec2"));
    const std::string id = instance_id(3);

    CHECK(describe_one(ec2, id).state_name == "running");

    stack.control("POST", "ec2/instances/" + id + "/stop");
    auto stopped = describe_one(ec2, id);
    CHECK(stopped.state_name == "stopped");
    CHECK(stopped.state_code == 80);

    stack.control("POST", "ec2/instances/" + id + "/start");
    auto started = describe_one(ec2, id);
    CHECK(started.state_name == "running");
    CHECK(started.state_code == 16);

    stack.control("POST", "ec2/instances/" + id + "/state", "{\"name\":\"stopping\"}");
    CHECK(describe_one(ec2, id).state_code == 64);

    stack.control("POST", "ec2/instances/" + id + "/terminate");
    auto terminated = describe_one(ec2, id);
    CHECK(terminated.state_name == "terminated");
    CHECK(terminated.state_code == 48);
    CHECK(terminated.private_ip.empty());  // a terminated instance has given its address back

    DescribeInstancesRequest running;
    running.filters = {{"instance-state-name", {"running"}}};
    auto still_running = ec2.describe_instances(running);
    REQUIRE(still_running);
    CHECK(still_running->size() == 9);  // 12, less the two stopped and the terminated one
    CHECK(names_of(*still_running).count("web-03") == 0);

    // A renamed instance is found under its new name.
    stack.control("POST", "ec2/instances/" + instance_id(4) + "/tags", "{\"Name\":\"web-04-renamed\",\"team\":null}");
    auto renamed = describe_one(ec2, instance_id(4));
    CHECK(renamed.name == "web-04-renamed");
    CHECK(renamed.tags.count("team") == 0);
    REQUIRE_NOTHING_REJECTED();
}
