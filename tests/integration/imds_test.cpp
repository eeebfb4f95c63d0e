// ImdsClient and the credentials chain's instance-profile source against the stack's
// IMDSv2 fake, and ImdsClient off EC2 (a closed port, a peer that never answers).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <awsrest/aws_client.hpp>
#include <awsrest/credentials.hpp>
#include <awsrest/imds.hpp>
#include <awsrest/sts.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

#include "local_stack.hpp"
#include "stack_helpers.hpp"

namespace {

using awsrest::ErrorKind;
using awsrest::ImdsClient;
using awsrest::ImdsOptions;
using stack::LocalStack;
using Clock = std::chrono::steady_clock;

ImdsOptions stack_imds_options() {
    auto options = ImdsOptions::from_environment(LocalStack::get().env_lookup());
    INFO((options ? "" : options.error().describe()));
    REQUIRE(options);
    return std::move(options).value();
}

ImdsOptions options_for_port(int port) {
    ImdsOptions options;
    options.endpoint = awsrest::Endpoint{"http", "127.0.0.1", port, ""};
    return options;
}

// A loopback port that accepts TCP connections (the kernel completes them into the
// backlog) but never reads or answers: a peer that hangs.
class SilentPeer {
  public:
    SilentPeer() {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof(address);
        if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
            ::listen(fd_, 8) != 0 || ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
            if (fd_ >= 0) ::close(fd_);
            throw std::runtime_error("could not open a listening loopback socket");
        }
        port_ = ntohs(address.sin_port);
    }
    ~SilentPeer() { ::close(fd_); }
    SilentPeer(const SilentPeer&) = delete;
    SilentPeer& operator=(const SilentPeer&) = delete;
    int port() const noexcept { return port_; }

  private:
    int fd_ = -1;
    int port_ = 0;
};

// Puts the IMDS fake's instance settings back when the test is done.
class ImdsSettingsGuard {
  public:
    ImdsSettingsGuard() : saved_(LocalStack::get().control("GET", "imds").body) {}
    ~ImdsSettingsGuard() {
        try {
            auto doc = stack::parse_json(saved_);
            std::string body = "{";
            for (const char* name : {"instanceId", "region", "availabilityZone"}) {
                if (body.size() > 1) body += ",";
                body += std::string("\"") + name + "\":\"" + doc[name].GetString() + "\"";
            }
            body += "}";
            LocalStack::get().control("POST", "imds", body);
        } catch (const std::exception& e) {
            UNSCOPED_INFO("restoring IMDS settings failed: " << e.what());
        }
    }
    ImdsSettingsGuard(const ImdsSettingsGuard&) = delete;
    ImdsSettingsGuard& operator=(const ImdsSettingsGuard&) = delete;

  private:
    std::string saved_;
};

}  // namespace

TEST_CASE("imds: instance id, region and identity document from the stack's IMDS", "[integration][imds]") {
    stack::FaultGuard faults;  // none left from an earlier test, none left behind
    auto& stack = LocalStack::get();
    stack.reset_counts();
    const auto options = stack_imds_options();
    CHECK(options.endpoint.origin() + "/" == stack.env("AWS_EC2_METADATA_SERVICE_ENDPOINT"));
    ImdsClient imds(options);
    const std::string expected_id = stack.env("STACK_IMDS_INSTANCE_ID");

    auto id = imds.instance_id();
    INFO((id ? "" : id.error().describe()));
    REQUIRE(id);
    CHECK(*id == expected_id);

    auto region = imds.region();
    REQUIRE(region);
    CHECK(*region == "us-east-1");

    auto identity = imds.identity_document();
    INFO((identity ? "" : identity.error().describe()));
    REQUIRE(identity);
    CHECK(identity->instance_id == expected_id);
    CHECK(identity->account_id == stack.env("STACK_ACCOUNT_ID"));
    CHECK(identity->region == "us-east-1");
    CHECK(identity->availability_zone == "us-east-1a");
    CHECK(identity->instance_type == "t3.micro");
    CHECK(identity->image_id == "ami-0abcdef1234567890");
    CHECK(identity->private_ip == "10.0.0.10");
    CHECK(identity->pending_time != awsrest::TimePoint{});

    CHECK(imds.instance_id_or_not_aws() == expected_id);

    // One session token serves every call.
    CHECK(stack.requests("imds", "PutToken") == 1);
    REQUIRE_NOTHING_REJECTED();
}

TEST_CASE("imds: answers follow the settings made through the control API", "[integration][imds]") {
    stack::FaultGuard faults;  // none left from an earlier test, none left behind
    ImdsSettingsGuard restore;
    auto& stack = LocalStack::get();
    stack.control("POST", "imds", "{\"instanceId\":\"i-0fedcba9876543210\",\"region\":\"eu-west-1\"}");
    ImdsClient imds(stack_imds_options());
    CHECK(imds.instance_id_or_not_aws() == "i-0fedcba9876543210");
    auto region = imds.region();
    REQUIRE(region);
    CHECK(*region == "eu-west-1");
    auto identity = imds.identity_document();
    REQUIRE(identity);
    CHECK(identity->availability_zone == "eu-west-1a");
}

TEST_CASE("imds: off EC2 instance_id_or_not_aws answers NOT-AWS within a second", "[integration][imds]") {
    stack::FaultGuard faults;  // none left from an earlier test, none left behind
    SECTION("nothing listens on the port") {
        stack::ClosedPort closed;
        ImdsClient imds(options_for_port(closed.port()));
        const auto start = Clock::now();
        const std::string answer = imds.instance_id_or_not_aws();
        const auto elapsed = Clock::now() - start;
        CHECK(answer == awsrest::kNotAws);
        CHECK(elapsed < std::chrono::milliseconds(1500));

        auto id = imds.instance_id();
        REQUIRE_FALSE(id);
        CHECK(id.error().kind == ErrorKind::Network);
        CHECK(id.error().message.rfind("IMDS", 0) == 0);
    }

    SECTION("a peer takes the connection and never answers") {
        SilentPeer silent;
        ImdsClient imds(options_for_port(silent.port()));
        const auto start = Clock::now();
        const std::string answer = imds.instance_id_or_not_aws();
        const auto elapsed = Clock::now() - start;
        CHECK(answer == awsrest::kNotAws);
        CHECK(elapsed < std::chrono::milliseconds(1500));
    }

    SECTION("AWS_EC2_METADATA_DISABLED") {
        auto& stack = LocalStack::get();
        const auto stack_env = stack.env_lookup();
        auto options = ImdsOptions::from_environment([&](const std::string& name) -> std::optional<std::string> {
            if (name == "AWS_EC2_METADATA_DISABLED") return "TRUE";
            return stack_env(name);
        });
        REQUIRE(options);
        CHECK(options->disabled);
        stack.reset_counts();
        ImdsClient imds(*options);
        CHECK(imds.instance_id_or_not_aws() == awsrest::kNotAws);
        auto id = imds.instance_id();
        REQUIRE_FALSE(id);
        CHECK(id.error().kind == ErrorKind::InvalidArgument);
        CHECK(stack.requests("imds", "PutToken") == 0);  // nothing was asked
    }

    SECTION("the stack's IMDS is down") {
        LocalStack::get().add_fault(R"({"service":"imds","kind":"down"})");
        ImdsClient imds(stack_imds_options());
        const auto start = Clock::now();
        CHECK(imds.instance_id_or_not_aws() == awsrest::kNotAws);
        CHECK(Clock::now() - start < std::chrono::milliseconds(1500));
    }
}

TEST_CASE("imds: instance-profile credentials from the chain sign calls the verifier accepts",
          "[integration][imds][sts]") {
    stack::FaultGuard faults;  // none left from an earlier test, none left behind
    auto& stack = LocalStack::get();
    stack.reset_counts();

    // Nothing but the IMDS endpoint: no keys, no HOME, so the chain reaches the instance profile.
    const std::map<std::string, std::string> env = {
        {"AWS_EC2_METADATA_SERVICE_ENDPOINT", stack.env("AWS_EC2_METADATA_SERVICE_ENDPOINT")},
        {"AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv4"},
    };
    awsrest::CredentialsChainOptions options;
    options.env = [env](const std::string& name) -> std::optional<std::string> {
        auto it = env.find(name);
        if (it == env.end()) return std::nullopt;
        return it->second;
    };
    auto chain = awsrest::make_default_credentials_chain(std::move(options));

    auto credentials = chain->credentials();
    INFO((credentials ? "" : credentials.error().describe()));
    REQUIRE(credentials);
    CHECK(credentials->access_key_id.rfind("ASIANIAMROLE", 0) == 0);
    CHECK_FALSE(credentials->session_token.empty());
    REQUIRE(credentials->expiration);
    CHECK(*credentials->expiration > std::chrono::system_clock::now() + std::chrono::minutes(10));
    CHECK(credentials->source.find("IMDS") != std::string::npos);

    auto http = awsrest::make_curl_http_client();
    awsrest::AwsClient client(*http, *chain);
    awsrest::StsClient sts(client, stack::service_endpoint("sts"));
    auto identity = sts.get_caller_identity();
    INFO((identity ? "" : identity.error().describe()));
    REQUIRE(identity);
    CHECK(identity->arn == "arn:aws:sts::" + stack.env("STACK_ACCOUNT_ID") + ":assumed-role/" +
                               stack.env("STACK_IMDS_ROLE") + "/" + stack.env("STACK_IMDS_INSTANCE_ID"));
    CHECK(identity->account == stack.env("STACK_ACCOUNT_ID"));

    // A second call reuses the cached credentials: IMDS is not asked again.
    const int imds_token_requests = stack.requests("imds", "PutToken");
    REQUIRE(sts.get_caller_identity());
    CHECK(stack.requests("imds", "PutToken") == imds_token_requests);
    CHECK(stack.requests("sts", "GetCallerIdentity") == 2);
    REQUIRE_NOTHING_REJECTED();
}
