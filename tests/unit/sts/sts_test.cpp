// STS GetCallerIdentity: the exact request, the API Reference example answers, errors.
#include <catch2/catch.hpp>

#include <string>

#include "awsrest/aws_client.hpp"
#include "awsrest/sts.hpp"
#include "s3/s3_test_data.hpp"
#include "sts/sts_response.hpp"
#include "support/scripted_http.hpp"
#include "support/static_credentials.hpp"

using awsrest::ErrorKind;
using service_test::data_file;

namespace {

struct StsFixture {
    test_support::ScriptedHttp http;
    test_support::StaticCredentials credentials;
    test_support::ManualClock clock;  // 2015-08-30T12:36:00Z
    awsrest::SeededRandom random{7};
    awsrest::AwsClient client{http, credentials, clock, &random};
    awsrest::StsClient sts{client,
                           {awsrest::Endpoint{"https", "sts.eu-west-1.amazonaws.com", 0, ""}, "eu-west-1", "sts"}};
};

}  // namespace

TEST_CASE("sts: GetCallerIdentity example answers", "[sts]") {
    auto user = awsrest::sts::parse_get_caller_identity_response(data_file("sts", "get_caller_identity_user.xml"));
    REQUIRE(user.ok());
    CHECK(user->account == "123456789012");
    CHECK(user->arn == "arn:aws:iam::123456789012:user/Alice");
    CHECK(user->user_id == "AKIAI44QH8DHBEXAMPLE");

    auto role = awsrest::sts::parse_get_caller_identity_response(data_file("sts", "get_caller_identity_role.xml"));
    REQUIRE(role.ok());
    CHECK(role->arn == "arn:aws:sts::123456789012:assumed-role/my-role-name/my-role-session-name");
    CHECK(role->user_id == "ARO123EXAMPLE123:my-role-session-name");
}

TEST_CASE("sts: malformed answers are Parse errors naming the call", "[sts]") {
    struct Row {
        const char* name;
        std::string body;
        std::string message;
    };
    const Row rows[] = {
        {"not XML", "Account=1", "STS.GetCallerIdentity: response is not valid XML: "},
        {"other answer", "<AssumeRoleResponse/>",
         "STS.GetCallerIdentity: expected <GetCallerIdentityResponse>, got <AssumeRoleResponse>"},
        {"no result", "<GetCallerIdentityResponse/>",
         "STS.GetCallerIdentity: the answer has no <GetCallerIdentityResult>"},
        {"no account",
         "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>a</Arn><UserId>u</UserId>"
         "</GetCallerIdentityResult></GetCallerIdentityResponse>",
         "STS.GetCallerIdentity: the answer has no <Account>"},
    };
    for (const auto& row : rows) {
        INFO(row.name);
        auto identity = awsrest::sts::parse_get_caller_identity_response(row.body);
        REQUIRE_FALSE(identity.ok());
        CHECK(identity.error().kind == ErrorKind::Parse);
        CHECK_THAT(identity.error().message, Catch::StartsWith(row.message));
    }
}

TEST_CASE("sts: get_caller_identity POSTs the Query form to / of the regional endpoint", "[sts]") {
    StsFixture f;
    f.http.respond(200, data_file("sts", "get_caller_identity_user.xml"));
    auto identity = f.sts.get_caller_identity();
    REQUIRE(identity.ok());
    CHECK(identity->account == "123456789012");

    REQUIRE(f.http.sent.size() == 1);
    const auto& request = f.http.sent[0].request;
    CHECK(request.method == "POST");
    CHECK(request.path == "/");
    CHECK(request.body == "Action=GetCallerIdentity&Version=2011-06-15");
    CHECK(awsrest::find_header(request.headers, "Content-Type") == "application/x-www-form-urlencoded; charset=utf-8");
    CHECK(awsrest::find_header(request.headers, "Host") == "sts.eu-west-1.amazonaws.com");
    CHECK_THAT(std::string(awsrest::find_header(request.headers, "Authorization").value_or("")),
               Catch::StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/eu-west-1/sts/aws4_request"));
}

TEST_CASE("sts: an invalid key is a Service error with its code", "[sts]") {
    StsFixture f;
    f.http.respond(403, data_file("sts", "error_invalid_client_token.xml"));
    auto identity = f.sts.get_caller_identity();
    REQUIRE_FALSE(identity.ok());
    CHECK(identity.error().kind == ErrorKind::Service);
    CHECK(identity.error().code == "InvalidClientTokenId");
    CHECK(identity.error().http_status == 403);
    CHECK_THAT(identity.error().message, Catch::StartsWith("STS.GetCallerIdentity: "));
}
