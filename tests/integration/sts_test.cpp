// StsClient::get_caller_identity against the stack's STS fake: the identity the verifier
// matched to the signing key, for each kind of credentials it accepts.
#include <awsrest/aws_client.hpp>
#include <awsrest/credentials.hpp>
#include <awsrest/sts.hpp>
#include <catch2/catch.hpp>
#include <memory>
#include <optional>
#include <string>

#include "local_stack.hpp"
#include "stack_helpers.hpp"

namespace {

using awsrest::ErrorKind;
using stack::LocalStack;

// An AwsClient that signs with exactly these credentials.
struct FixedCredentialsClient {
    explicit FixedCredentialsClient(const awsrest::Credentials& credentials) {
        awsrest::CredentialsChainOptions options;
        options.explicit_credentials = credentials;
        options.env = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
        chain = awsrest::make_default_credentials_chain(std::move(options));
        http = awsrest::make_curl_http_client();
        client = std::make_unique<awsrest::AwsClient>(*http, *chain);
    }
    std::unique_ptr<awsrest::CredentialsProvider> chain;
    std::unique_ptr<awsrest::HttpClient> http;
    std::unique_ptr<awsrest::AwsClient> client;
};

awsrest::Credentials credentials(std::string key_id, std::string secret, std::string token = "") {
    awsrest::Credentials result;
    result.access_key_id = std::move(key_id);
    result.secret_access_key = std::move(secret);
    result.session_token = std::move(token);
    return result;
}

}  // namespace

TEST_CASE("sts: GetCallerIdentity names the test user", "[integration][sts]") {
    stack::FaultGuard faults;  // none left from an earlier test, none left behind
    auto& stack = LocalStack::get();
    stack.reset_counts();
    awsrest::StsClient sts(stack.client(), stack::service_endpoint("sts"));
    auto identity = sts.get_caller_identity();
    INFO((identity ? "" : identity.error().describe()));
    REQUIRE(identity);
    CHECK(identity->arn == stack.env("STACK_TEST_USER_ARN"));
    CHECK(identity->account == stack.env("STACK_ACCOUNT_ID"));
    CHECK_FALSE(identity->user_id.empty());
    CHECK(stack.requests("sts", "GetCallerIdentity") == 1);
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("sts: GetCallerIdentity for the documentation key and for session credentials", "[integration][sts]") {
    stack::FaultGuard faults;  // none left from an earlier test, none left behind
    auto& stack = LocalStack::get();
    stack.reset_counts();

    SECTION("the AWS documentation key") {
        FixedCredentialsClient fixed(credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));
        awsrest::StsClient sts(*fixed.client, stack::service_endpoint("sts"));
        auto identity = sts.get_caller_identity();
        INFO((identity ? "" : identity.error().describe()));
        REQUIRE(identity);
        CHECK(identity->arn == "arn:aws:iam::" + stack.env("STACK_ACCOUNT_ID") + ":user/doc-example");
    }

    SECTION("the IMDS role's first session credentials, with their token") {
        FixedCredentialsClient fixed(credentials(stack.env("STACK_SESSION_ACCESS_KEY_ID"),
                                                 stack.env("STACK_SESSION_SECRET_ACCESS_KEY"),
                                                 stack.env("STACK_SESSION_TOKEN")));
        awsrest::StsClient sts(*fixed.client, stack::service_endpoint("sts"));
        auto identity = sts.get_caller_identity();
        INFO((identity ? "" : identity.error().describe()));
        REQUIRE(identity);
        CHECK(identity->arn == "arn:aws:sts::" + stack.env("STACK_ACCOUNT_ID") + ":assumed-role/" +
                                   stack.env("STACK_IMDS_ROLE") + "/" + stack.env("STACK_IMDS_INSTANCE_ID"));
    }
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("sts: a wrong secret key is refused by the verifier and not retried", "[integration][sts]") {
    stack::FaultGuard faults;  // none left from an earlier test, none left behind
    auto& stack = LocalStack::get();
    stack.reset_counts();
    FixedCredentialsClient fixed(credentials(stack.env("AWS_ACCESS_KEY_ID"), "not-the-secret-key"));
    awsrest::StsClient sts(*fixed.client, stack::service_endpoint("sts"));
    auto identity = sts.get_caller_identity();
    REQUIRE_FALSE(identity);
    CHECK(identity.error().kind == ErrorKind::Service);
    CHECK(identity.error().code == "SignatureDoesNotMatch");
    CHECK(identity.error().http_status == 403);
    CHECK(identity.error().message.find("STS.GetCallerIdentity") != std::string::npos);
    CHECK(identity.error().message.find("not-the-secret-key") == std::string::npos);
    CHECK(stack.requests("sts", "GetCallerIdentity") == 1);
    // The one refusal this test provoked, and nothing else.
    auto counts = stack::stack_counts();
    CHECK(counts["total"]["rejected"].GetInt() == 1);
    REQUIRE(counts["rejectedByCode"].HasMember("SignatureDoesNotMatch"));
    CHECK(counts["rejectedByCode"]["SignatureDoesNotMatch"].GetInt() == 1);
}
