// awsrest-cli send: a raw request file, signed with the stack's test identity, sent through
// the SigV4 verifier; the status line and body on stdout, AWS errors on stderr.
#include <catch2/catch.hpp>

#include "cli_runner.hpp"
#include "local_stack.hpp"

namespace {

cli_test::ProcessResult send(const std::vector<std::string>& extra, const std::string& raw_request) {
    auto& stack = stack::LocalStack::get();
    std::vector<std::string> args = {"send", "--region", stack.region(), "--endpoint-url",
                                     stack.env("AWS_ENDPOINT_URL")};
    args.insert(args.end(), extra.begin(), extra.end());
    return cli_test::run_process(AWSREST_CLI_PATH, args, cli_test::stack_environment(), raw_request);
}

}  // namespace

TEST_CASE("cli: send signs a raw STS request, the verifier accepts it, the body is printed", "[cli][send]") {
    auto& stack = stack::LocalStack::get();
    stack.reset_counts();
    const std::string body = "Action=GetCallerIdentity&Version=2011-06-15";
    // The Host names real STS: send points it at the endpoint before signing.
    const std::string raw =
        "POST / HTTP/1.1\nHost:sts.amazonaws.com\n"
        "Content-Type:application/x-www-form-urlencoded; charset=utf-8\n\n" +
        body;
    auto run = send({"--service", "sts"}, raw);
    INFO("stdout:\n" << run.out << "\nstderr:\n" << run.err);
    REQUIRE(run.exit_code == 0);
    CHECK(run.out.rfind("HTTP/1.1 200", 0) == 0);
    CHECK(run.out.find("<Arn>" + stack.env("STACK_TEST_USER_ARN") + "</Arn>") != std::string::npos);
    CHECK(stack.requests("sts", "GetCallerIdentity") == 1);
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("cli: send of a failing SQS JSON request exits 1 with the code and request id", "[cli][send]") {
    auto& stack = stack::LocalStack::get();
    stack.reset_counts();
    const std::string raw =
        "POST / HTTP/1.1\nHost:sqs.us-east-1.amazonaws.com\n"
        "Content-Type:application/x-amz-json-1.0\nX-Amz-Target:AmazonSQS.GetQueueUrl\n\n"
        "{\"QueueName\":\"" +
        stack::unique_name("no-such-queue") + "\"}";
    auto run = send({"--service", "sqs"}, raw);
    INFO("stdout:\n" << run.out << "\nstderr:\n" << run.err);
    CHECK(run.exit_code == 1);
    CHECK(run.out.rfind("HTTP/1.1 400", 0) == 0);
    CHECK(run.err.find("NonExistentQueue") != std::string::npos);
    CHECK(run.err.find("request id") != std::string::npos);
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("cli: send --debug shows the stages but never the secret key", "[cli][send]") {
    auto& stack = stack::LocalStack::get();
    stack.reset_counts();
    const std::string raw =
        "POST / HTTP/1.1\nHost:sts.amazonaws.com\n"
        "Content-Type:application/x-www-form-urlencoded\n\n"
        "Action=GetCallerIdentity&Version=2011-06-15";
    auto run = send({"--service", "sts", "--debug"}, raw);
    INFO("stdout:\n" << run.out << "\nstderr:\n" << run.err);
    REQUIRE(run.exit_code == 0);
    CHECK(run.err.find("AWS4-HMAC-SHA256") != std::string::npos);
    const std::string secret = stack.env("AWS_SECRET_ACCESS_KEY");
    CHECK(run.out.find(secret) == std::string::npos);
    CHECK(run.err.find(secret) == std::string::npos);
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("cli: send to a closed port fails with a network error after bounded retries", "[cli][send]") {
    const std::string raw =
        "POST / HTTP/1.1\nHost:x\nContent-Type:application/x-www-form-urlencoded\n\n"
        "Action=GetCallerIdentity&Version=2011-06-15";
    std::vector<std::string> args = {"send", "--region",       "us-east-1",         "--service",
                                     "sts",  "--endpoint-url", "http://127.0.0.1:9"};
    auto run =
        cli_test::run_process(AWSREST_CLI_PATH, args, cli_test::stack_environment(), raw, std::chrono::seconds(30));
    INFO("stdout:\n" << run.out << "\nstderr:\n" << run.err);
    CHECK(run.exit_code == 1);
    CHECK(run.err.find("network error") != std::string::npos);
}
