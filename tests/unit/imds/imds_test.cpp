// ImdsClient over a scripted transport and a manual clock: the IMDSv2 token exchange and
// its caching, 401 handling, "NOT-AWS", the identity document and the environment options.
#include <catch2/catch.hpp>

#include <awsrest/imds.hpp>

#include <fstream>
#include <map>
#include <sstream>

#include "imds/imds_response.hpp"
#include "support/scripted_http.hpp"

using awsrest::ErrorKind;
using test_support::ManualClock;
using test_support::ScriptedHttp;
using namespace std::chrono;
using namespace std::chrono_literals;

namespace {

constexpr const char* kToken = "AQAAAGAcnZ8Yk0t8ExampleTokenxxxxxxxxxxxxxxxxxxxxxxx==";
constexpr const char* kOtherToken = "AQAAAGAcnZ8Yk0t8SecondTokenxxxxxxxxxxxxxxxxxxxxxxxx==";

std::string read_data(const std::string& name) {
    std::ifstream in(std::string(NIAM_TEST_DATA) + "/imds/" + name, std::ios::binary);
    REQUIRE(in);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

awsrest::EnvLookup env_of(std::map<std::string, std::string> values) {
    return [values = std::move(values)](const std::string& name) -> std::optional<std::string> {
        auto it = values.find(name);
        if (it == values.end()) return std::nullopt;
        return it->second;
    };
}

std::string header(const ScriptedHttp::Sent& sent, std::string_view name) {
    return std::string(awsrest::find_header(sent.request.headers, name).value_or("<none>"));
}

bool is_token_request(const ScriptedHttp::Sent& sent) {
    return sent.request.method == "PUT" && sent.request.path == "/latest/api/token";
}

}  // namespace

TEST_CASE("imds: a metadata read asks for a token, then sends it", "[imds]") {
    ScriptedHttp http;
    ManualClock clock;
    http.respond(200, kToken).respond(200, "i-1234567890abcdef0");
    awsrest::ImdsClient imds(http, clock);

    auto id = imds.instance_id();
    REQUIRE(id.ok());
    CHECK(*id == "i-1234567890abcdef0");
    REQUIRE(http.sent.size() == 2);

    const auto& put = http.sent[0];
    CHECK(put.endpoint.origin() == "http://169.254.169.254");
    CHECK(put.request.method == "PUT");
    CHECK(put.request.path == "/latest/api/token");
    CHECK(header(put, "X-aws-ec2-metadata-token-ttl-seconds") == "21600");
    CHECK(header(put, "Host") == "169.254.169.254");
    CHECK(header(put, "X-aws-ec2-metadata-token") == "<none>");

    const auto& get = http.sent[1];
    CHECK(get.request.method == "GET");
    CHECK(get.request.path == "/latest/meta-data/instance-id");
    CHECK(header(get, "X-aws-ec2-metadata-token") == kToken);
    CHECK(header(get, "Authorization") == "<none>");
}

TEST_CASE("imds: the token is cached until shortly before its ttl runs out", "[imds]") {
    ScriptedHttp http;
    ManualClock clock;
    awsrest::ImdsOptions options;
    options.token_ttl = 21600s;
    options.token_renew_margin = 60s;
    awsrest::ImdsClient imds(http, clock, options);
    http.respond(200, kToken).respond(200, "eu-west-1").respond(200, "eu-west-1");

    REQUIRE(imds.region().ok());
    clock.advance(21600s - 61s);
    REQUIRE(imds.region().ok());
    REQUIRE(http.sent.size() == 3);
    CHECK(is_token_request(http.sent[0]));
    CHECK(http.sent[1].request.path == "/latest/meta-data/placement/region");
    CHECK(header(http.sent[2], "X-aws-ec2-metadata-token") == kToken);

    clock.advance(2s);  // 21601 s in: within the 60 s margin
    http.respond(200, kOtherToken).respond(200, "eu-west-1");
    REQUIRE(imds.region().ok());
    REQUIRE(http.sent.size() == 5);
    CHECK(is_token_request(http.sent[3]));
    CHECK(header(http.sent[4], "X-aws-ec2-metadata-token") == kOtherToken);
}

TEST_CASE("imds: token() answers the cached token without a request", "[imds]") {
    ScriptedHttp http;
    ManualClock clock;
    http.respond(200, kToken);
    awsrest::ImdsClient imds(http, clock);
    auto first = imds.token();
    auto second = imds.token();
    REQUIRE(first.ok());
    REQUIRE(second.ok());
    CHECK(*first == kToken);
    CHECK(*second == kToken);
    CHECK(http.sent.size() == 1);
}

TEST_CASE("imds: a 401 fetches a fresh token and tries once more", "[imds]") {
    ScriptedHttp http;
    ManualClock clock;
    awsrest::ImdsClient imds(http, clock);

    SECTION("the retry succeeds") {
        http.respond(200, kToken).respond(401).respond(200, kOtherToken).respond(200, "i-0598c7d356eba48d7");
        auto id = imds.instance_id();
        REQUIRE(id.ok());
        CHECK(*id == "i-0598c7d356eba48d7");
        REQUIRE(http.sent.size() == 4);
        CHECK(is_token_request(http.sent[2]));
        CHECK(header(http.sent[3], "X-aws-ec2-metadata-token") == kOtherToken);
    }
    SECTION("a second 401 is the answer") {
        http.respond(200, kToken).respond(401).respond(200, kOtherToken).respond(401);
        auto id = imds.instance_id();
        REQUIRE_FALSE(id.ok());
        CHECK(id.error().kind == ErrorKind::Http);
        CHECK(id.error().http_status == 401);
        CHECK(http.sent.size() == 4);
    }
}

TEST_CASE("imds: other failures", "[imds]") {
    ScriptedHttp http;
    ManualClock clock;
    awsrest::ImdsClient imds(http, clock);

    SECTION("a 404 is an Http error naming the path") {
        http.respond(200, kToken).respond(404, "Not Found");
        auto value = imds.get("/latest/meta-data/iam/security-credentials/");
        REQUIRE_FALSE(value.ok());
        CHECK(value.error().kind == ErrorKind::Http);
        CHECK(value.error().http_status == 404);
        CHECK_THAT(value.error().message, Catch::Contains("/latest/meta-data/iam/security-credentials/"));
    }
    SECTION("a refused token request stops before any read") {
        http.respond(403, "Forbidden");
        auto value = imds.instance_id();
        REQUIRE_FALSE(value.ok());
        CHECK(value.error().http_status == 403);
        CHECK(http.sent.size() == 1);
    }
    SECTION("an answer that is not a token") {
        http.respond(200, "<html>\n<body>captive portal</body></html>");
        auto token = imds.token();
        REQUIRE_FALSE(token.ok());
        CHECK(token.error().kind == ErrorKind::Parse);
    }
    SECTION("a path that is no metadata path is refused before sending") {
        for (const char* path : {"", "latest/meta-data", "/latest/meta data", "/x\r\nHost: evil"}) {
            auto value = imds.get(path);
            REQUIRE_FALSE(value.ok());
            CHECK(value.error().kind == ErrorKind::InvalidArgument);
        }
        CHECK(http.sent.empty());
    }
}

TEST_CASE("imds: instance_id_or_not_aws", "[imds]") {
    ScriptedHttp http;
    ManualClock clock;

    SECTION("on EC2: the instance id") {
        http.respond(200, kToken).respond(200, "i-1234567890abcdef0");
        awsrest::ImdsClient imds(http, clock);
        CHECK(imds.instance_id_or_not_aws() == "i-1234567890abcdef0");
    }
    SECTION("disabled: NOT-AWS without any request") {
        awsrest::ImdsOptions options;
        options.disabled = true;
        awsrest::ImdsClient imds(http, clock, options);
        CHECK(imds.instance_id_or_not_aws() == "NOT-AWS");
        auto id = imds.instance_id();
        REQUIRE_FALSE(id.ok());
        CHECK_THAT(id.error().message, Catch::Contains("AWS_EC2_METADATA_DISABLED"));
        CHECK(http.sent.empty());
    }
    SECTION("no answer: NOT-AWS") {
        http.fail("connection timed out after 800 ms");
        awsrest::ImdsClient imds(http, clock);
        CHECK(imds.instance_id_or_not_aws() == "NOT-AWS");
        CHECK(http.sent.size() == 1);
    }
    SECTION("something that is not IMDS answers: NOT-AWS") {
        http.respond(200, kToken).respond(200, "<html><body>It works!</body></html>");
        awsrest::ImdsClient imds(http, clock);
        CHECK(imds.instance_id_or_not_aws() == "NOT-AWS");
    }
}

TEST_CASE("imds: the instance identity document of the AWS documentation", "[imds]") {
    ScriptedHttp http;
    ManualClock clock;
    http.respond(200, kToken).respond(200, read_data("identity_document.json"));
    awsrest::ImdsClient imds(http, clock);
    auto identity = imds.identity_document();
    REQUIRE(identity.ok());
    CHECK(http.sent[1].request.path == "/latest/dynamic/instance-identity/document");
    CHECK(identity->account_id == "123456789012");
    CHECK(identity->architecture == "x86_64");
    CHECK(identity->availability_zone == "us-west-2b");
    CHECK(identity->image_id == "ami-5fb8c835");
    CHECK(identity->instance_id == "i-1234567890abcdef0");
    CHECK(identity->instance_type == "t2.micro");
    CHECK(identity->pending_time == awsrest::TimePoint{sys_days{2016y / November / 19} + 16h + 32min + 11s});
    CHECK(identity->private_ip == "10.158.112.84");
    CHECK(identity->region == "us-west-2");
    CHECK(identity->version == "2017-09-30");
}

TEST_CASE("imds: a malformed identity document is a Parse error naming IMDS", "[imds]") {
    for (const char* body :
         {"", "{", "[]", "{\"instanceId\": 12}", "{\"region\": \"us-west-2\"}",
          "{\"instanceId\": \"i-1\", \"pendingTime\": \"soon\"}", "{\"instanceId\": \"i-1\"} trailing",
          "{\"instanceId\": \"i-1\", \"pendingTime\": \"9999-12-31T23:59:59Z\"}"}) {
        INFO(body);
        auto identity = awsrest::imds::parse_identity_document(body);
        REQUIRE_FALSE(identity.ok());
        CHECK(identity.error().kind == ErrorKind::Parse);
        CHECK_THAT(identity.error().message, Catch::StartsWith("IMDS"));
    }
}

TEST_CASE("imds: hostile identity documents are refused without harm", "[imds]") {
    const std::string deep =
        "{\"instanceId\":\"i-1\",\"x\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
    const std::string nul = std::string("{\"instanceId\":\"i-1\"}\0{", 21);
    const std::string long_field = "{\"instanceId\":\"i-" + std::string(2000, 'a') + "\"}";
    for (const std::string& body : {deep, nul, long_field}) {
        auto identity = awsrest::imds::parse_identity_document(body);
        REQUIRE_FALSE(identity.ok());
        CHECK(identity.error().kind == ErrorKind::Parse);
    }
    // Nesting within the bound, under a member that is not read, is fine.
    const std::string nested = "{\"instanceId\":\"i-1\",\"x\":" + std::string(20, '[') + std::string(20, ']') + "}";
    CHECK(awsrest::imds::parse_identity_document(nested).ok());
}

TEST_CASE("imds: options from the environment", "[imds]") {
    auto defaults = awsrest::ImdsOptions::from_environment(env_of({}));
    REQUIRE(defaults.ok());
    CHECK(defaults->endpoint.origin() == "http://169.254.169.254");
    CHECK_FALSE(defaults->disabled);
    CHECK(defaults->token_ttl == 21600s);

    auto custom = awsrest::ImdsOptions::from_environment(env_of(
        {{"AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1338"}, {"AWS_EC2_METADATA_DISABLED", "TRUE"}}));
    REQUIRE(custom.ok());
    CHECK(custom->endpoint.host == "127.0.0.1");
    CHECK(custom->endpoint.port == 1338);
    CHECK(custom->disabled);

    auto not_disabled = awsrest::ImdsOptions::from_environment(env_of({{"AWS_EC2_METADATA_DISABLED", "false"}}));
    REQUIRE(not_disabled.ok());
    CHECK_FALSE(not_disabled->disabled);

    auto ipv6 = awsrest::ImdsOptions::from_environment(env_of({{"AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6"}}));
    REQUIRE(ipv6.ok());
    CHECK(ipv6->endpoint.origin() == "http://[fd00:ec2::254]");

    auto bad =
        awsrest::ImdsOptions::from_environment(env_of({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", "169.254.169.254"}}));
    REQUIRE_FALSE(bad.ok());
    CHECK_THAT(bad.error().message, Catch::Contains("AWS_EC2_METADATA_SERVICE_ENDPOINT"));
}

TEST_CASE("imds: requests go to the configured endpoint", "[imds]") {
    ScriptedHttp http;
    ManualClock clock;
    auto options = awsrest::ImdsOptions::from_environment(
        env_of({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1338"}}));
    REQUIRE(options.ok());
    http.respond(200, kToken).respond(200, "eu-west-1");
    awsrest::ImdsClient imds(http, clock, *options);
    REQUIRE(imds.region().ok());
    CHECK(http.sent[0].endpoint.origin() == "http://127.0.0.1:1338");
    CHECK(header(http.sent[0], "Host") == "127.0.0.1:1338");
    CHECK(http.sent[1].endpoint.origin() == "http://127.0.0.1:1338");
}
