// Ec2Client.DescribeInstances: the Query request built, NextToken paging, the AWS API
// reference example answer and malformed answers.
#include <catch2/catch.hpp>

#include <awsrest/ec2.hpp>

#include <fstream>
#include <map>
#include <sstream>

#include "ec2/describe_instances_form.hpp"
#include "ec2/ec2_response.hpp"
#include "support/scripted_http.hpp"
#include "support/static_credentials.hpp"

using awsrest::ErrorKind;
using test_support::ManualClock;
using test_support::ScriptedHttp;
using test_support::StaticCredentials;
using namespace std::chrono;

namespace {

std::string read_data(const std::string& name) {
    std::ifstream in(std::string(NIAM_TEST_DATA) + "/ec2/" + name, std::ios::binary);
    REQUIRE(in);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return c - 'a' + 10;
}

std::string percent_decoded(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size()) {
            out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

// The decoded fields of a form body.
std::map<std::string, std::string> form_fields(std::string_view body) {
    std::map<std::string, std::string> fields;
    while (!body.empty()) {
        const std::size_t amp = body.find('&');
        const std::string_view pair = body.substr(0, amp);
        const std::size_t eq = pair.find('=');
        fields[percent_decoded(pair.substr(0, eq))] =
            eq == std::string_view::npos ? "" : percent_decoded(pair.substr(eq + 1));
        body = amp == std::string_view::npos ? std::string_view() : body.substr(amp + 1);
    }
    return fields;
}

awsrest::TimePoint utc(int y, unsigned m, unsigned d, int hh, int mm, int ss) {
    return awsrest::TimePoint{sys_days{year{y} / month{m} / day{d}} + hours{hh} + minutes{mm} + seconds{ss}};
}

struct Fixture {
    ScriptedHttp http;
    ManualClock clock;
    StaticCredentials credentials;
    awsrest::SeededRandom random{7};
    awsrest::AwsClient client{http, credentials, clock, &random};
    awsrest::Ec2Client ec2{
        client, awsrest::ServiceEndpoint{awsrest::default_endpoint("ec2", "eu-west-1").value(), "eu-west-1", "ec2"}};
};

}  // namespace

TEST_CASE("ec2: filters, ids, MaxResults and NextToken as Query form fields", "[ec2]") {
    awsrest::DescribeInstancesRequest request;
    request.filters = {{"tag:Name", {"web-1"}}, {"instance-state-name", {"running", "stopped"}}};
    auto form = awsrest::ec2::describe_instances_form(request, {});
    REQUIRE(form.ok());
    // Encoded as the SDKs do (':' as %3A).
    CHECK(*form ==
          "Action=DescribeInstances&Version=2016-11-15&Filter.1.Name=tag%3AName&Filter.1.Value.1=web-1"
          "&Filter.2.Name=instance-state-name&Filter.2.Value.1=running&Filter.2.Value.2=stopped");

    request = {};
    request.instance_ids = {"i-1234567890abcdef0", "i-0598c7d356eba48d7"};
    form = awsrest::ec2::describe_instances_form(request, "tok/en+=");
    REQUIRE(form.ok());
    CHECK(*form ==
          "Action=DescribeInstances&Version=2016-11-15&InstanceId.1=i-1234567890abcdef0"
          "&InstanceId.2=i-0598c7d356eba48d7&NextToken=tok%2Fen%2B%3D");

    request = {};
    request.max_results = 5;
    form = awsrest::ec2::describe_instances_form(request, {});
    REQUIRE(form.ok());
    CHECK(*form == "Action=DescribeInstances&Version=2016-11-15&MaxResults=5");
}

TEST_CASE("ec2: requests EC2 would refuse are refused before sending", "[ec2]") {
    Fixture f;
    awsrest::DescribeInstancesRequest request;
    request.instance_ids = {"i-1234567890abcdef0"};
    request.max_results = 10;
    auto both = f.ec2.describe_instances(request);
    REQUIRE_FALSE(both.ok());
    CHECK(both.error().kind == ErrorKind::InvalidArgument);

    request = {};
    request.max_results = 4;
    CHECK_FALSE(f.ec2.describe_instances(request).ok());
    request = {};
    request.filters = {{"tag:Name", {}}};
    CHECK_FALSE(f.ec2.describe_instances(request).ok());
    request = {};
    request.filters = {{"", {"x"}}};
    CHECK_FALSE(f.ec2.describe_instances(request).ok());
    CHECK(f.http.sent.empty());
}

TEST_CASE("ec2: the AWS API reference example answer", "[ec2]") {
    auto page = awsrest::ec2::parse_describe_instances(read_data("describe_instances_example.xml"));
    REQUIRE(page.ok());
    CHECK(page->request_id == "8f7724cf-496f-496e-8fe3-example");
    CHECK(page->next_token.empty());
    REQUIRE(page->instances.size() == 1);
    const awsrest::Ec2Instance& instance = page->instances[0];
    CHECK(instance.instance_id == "i-1234567890abcdef0");
    CHECK(instance.instance_type == "t2.micro");
    CHECK(instance.state_code == 16);
    CHECK(instance.state_name == "running");
    CHECK(instance.private_ip == "192.168.1.88");
    CHECK(instance.public_ip == "54.194.252.215");
    CHECK(instance.availability_zone == "eu-west-1c");
    CHECK(instance.launch_time == utc(2018, 5, 8, 16, 46, 19));
    CHECK(instance.tags == std::map<std::string, std::string>{{"Name", "Server_1"}});
    CHECK(instance.name == "Server_1");
}

TEST_CASE("ec2: an empty reservation set is no instances", "[ec2]") {
    auto page = awsrest::ec2::parse_describe_instances(read_data("describe_instances_empty.xml"));
    REQUIRE(page.ok());
    CHECK(page->instances.empty());
    CHECK(page->next_token.empty());
}

TEST_CASE("ec2: DescribeInstances follows NextToken over two pages with the same filters", "[ec2]") {
    Fixture f;
    f.http.respond(200, read_data("describe_instances_page1.xml"), {{"Content-Type", "text/xml;charset=UTF-8"}})
        .respond(200, read_data("describe_instances_page2.xml"), {{"Content-Type", "text/xml;charset=UTF-8"}});
    awsrest::DescribeInstancesRequest request;
    request.filters = {{"tag:Name", {"web-*"}}};
    request.max_results = 5;

    auto instances = f.ec2.describe_instances(request);
    REQUIRE(instances.ok());
    REQUIRE(f.http.sent.size() == 2);

    for (const auto& sent : f.http.sent) {
        CHECK(sent.endpoint.origin() == "https://ec2.eu-west-1.amazonaws.com");
        CHECK(sent.request.method == "POST");
        CHECK(sent.request.path == "/");
        CHECK(sent.request.query.empty());
        CHECK(awsrest::find_header(sent.request.headers, "Content-Type") ==
              "application/x-www-form-urlencoded; charset=utf-8");
        CHECK(awsrest::find_header(sent.request.headers, "Host") == "ec2.eu-west-1.amazonaws.com");
        const auto authorization = awsrest::find_header(sent.request.headers, "Authorization");
        REQUIRE(authorization.has_value());
        CHECK_THAT(std::string(*authorization), Catch::Contains("/eu-west-1/ec2/aws4_request"));
    }
    const auto first = form_fields(f.http.sent[0].request.body);
    CHECK(first == std::map<std::string, std::string>{{"Action", "DescribeInstances"},
                                                      {"Version", "2016-11-15"},
                                                      {"Filter.1.Name", "tag:Name"},
                                                      {"Filter.1.Value.1", "web-*"},
                                                      {"MaxResults", "5"}});
    auto second = form_fields(f.http.sent[1].request.body);
    CHECK(second["NextToken"] == "eyJ2IjoiMiIsImMiOiJwYWdlMiJ9");
    second.erase("NextToken");
    CHECK(second == first);

    REQUIRE(instances->size() == 3);
    const auto& web1 = (*instances)[0];
    CHECK(web1.instance_id == "i-0598c7d356eba48d7");
    CHECK(web1.name == "web-1");
    CHECK(web1.tags.at("niam:group") == "frontend & cache");
    CHECK(web1.public_ip == "203.0.113.25");
    CHECK(web1.launch_time == utc(2021, 3, 1, 9, 30, 0));
    const auto& web2 = (*instances)[1];
    CHECK(web2.instance_id == "i-0b22a22eec53b9321");
    CHECK(web2.state_code == 80);
    CHECK(web2.state_name == "stopped");
    CHECK(web2.public_ip.empty());
    CHECK(web2.private_ip == "10.0.2.44");
    CHECK(web2.launch_time == utc(2021, 2, 14, 23, 59, 59));
    const auto& pending = (*instances)[2];
    CHECK(pending.instance_id == "i-0c33b33ffd64ca432");
    CHECK(pending.state_name == "pending");
    CHECK(pending.tags.empty());
    CHECK(pending.name.empty());
    CHECK(pending.private_ip.empty());
}

TEST_CASE("ec2: paging stops at max_pages and on a repeated NextToken", "[ec2]") {
    SECTION("max_pages") {
        Fixture f;
        f.http.respond(200, read_data("describe_instances_page1.xml"));
        awsrest::DescribeInstancesRequest request;
        request.max_pages = 1;
        auto instances = f.ec2.describe_instances(request);
        REQUIRE_FALSE(instances.ok());
        CHECK(instances.error().kind == ErrorKind::InvalidArgument);
        CHECK_THAT(instances.error().message, Catch::Contains("max_pages"));
        CHECK(f.http.sent.size() == 1);
    }
    SECTION("the same token twice") {
        Fixture f;
        f.http.respond(200, read_data("describe_instances_page1.xml"))
            .respond(200, read_data("describe_instances_page1.xml"));
        auto instances = f.ec2.describe_instances();
        REQUIRE_FALSE(instances.ok());
        CHECK_THAT(instances.error().message, Catch::Contains("nextToken"));
        CHECK(f.http.sent.size() == 2);
    }
}

TEST_CASE("ec2: an EC2 error answer is a service error", "[ec2]") {
    Fixture f;
    f.http.respond(400, read_data("error_invalid_instance_id.xml"));
    awsrest::DescribeInstancesRequest request;
    request.instance_ids = {"i-1a2b3c4d"};
    auto instances = f.ec2.describe_instances(request);
    REQUIRE_FALSE(instances.ok());
    CHECK(instances.error().kind == ErrorKind::Service);
    CHECK(instances.error().code == "InvalidInstanceID.NotFound");
    CHECK(instances.error().http_status == 400);
}

TEST_CASE("ec2: a malformed answer is a Parse error naming EC2.DescribeInstances", "[ec2]") {
    const std::string example = read_data("describe_instances_example.xml");
    const std::string cases[] = {
        "",
        "not xml at all",
        example.substr(0, example.size() / 2),
        "<ListBucketResult><Name>b</Name></ListBucketResult>",
        "<DescribeInstancesResponse><reservationSet><item><instancesSet><item><instanceState><code>16</code>"
        "</instanceState></item></instancesSet></item></reservationSet></DescribeInstancesResponse>",
        "<DescribeInstancesResponse><reservationSet><item><instancesSet><item><instanceId>i-1</instanceId>"
        "<instanceState><code>sixteen</code></instanceState></item></instancesSet></item></reservationSet>"
        "</DescribeInstancesResponse>",
        "<DescribeInstancesResponse><reservationSet><item><instancesSet><item><instanceId>i-1</instanceId>"
        "<launchTime>yesterday</launchTime></item></instancesSet></item></reservationSet>"
        "</DescribeInstancesResponse>",
        // A year TimePoint cannot hold.
        "<DescribeInstancesResponse><reservationSet><item><instancesSet><item><instanceId>i-1</instanceId>"
        "<launchTime>1010-05-08T16:46:19.000Z</launchTime></item></instancesSet></item></reservationSet>"
        "</DescribeInstancesResponse>",
    };
    for (const std::string& body : cases) {
        INFO(body.substr(0, 80));
        auto page = awsrest::ec2::parse_describe_instances(body);
        REQUIRE_FALSE(page.ok());
        CHECK(page.error().kind == ErrorKind::Parse);
        CHECK_THAT(page.error().message, Catch::StartsWith("EC2.DescribeInstances: "));
    }

    Fixture f;
    f.http.respond(200, "<DescribeInstancesResponse><reservationSet>");
    auto instances = f.ec2.describe_instances();
    REQUIRE_FALSE(instances.ok());
    CHECK(instances.error().kind == ErrorKind::Parse);
    CHECK_THAT(instances.error().message, Catch::Contains("EC2.DescribeInstances"));
}
