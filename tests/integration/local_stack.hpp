// The running local AWS stack, as integration tests see it: its env file, endpoints,
// credentials, and its control API (counts, faults, EC2 instances, IMDS settings).
#pragma once

#include <awsrest/aws_client.hpp>
#include <awsrest/credentials.hpp>
#include <awsrest/http.hpp>

#include <map>
#include <memory>
#include <string>

namespace stack {

class LocalStack {
  public:
    // The stack started by the ctest fixture (RUNDIR/env in NIAM_STACK_DIR). Fails the
    // test with a clear message when it is not running.
    static LocalStack& get();

    std::string env(const std::string& name) const;  // a value from RUNDIR/env
    awsrest::EnvLookup env_lookup() const;           // only RUNDIR/env, nothing of the process
    awsrest::Endpoint endpoint() const;              // the verifying front
    std::string region() const { return env("AWS_REGION"); }
    awsrest::CredentialsProvider& credentials() { return *credentials_; }
    awsrest::HttpClient& http() { return *http_; }
    // A client with a fast retry policy (base 10 ms), on the real clock.
    awsrest::AwsClient& client() { return *client_; }

    // Control API under /_stack/: method, path relative to it, optional JSON body.
    awsrest::Response control(const std::string& method, const std::string& path, const std::string& json_body = "");
    void reset_counts();
    // Requests the verifier refused since the last reset_counts().
    int rejected();
    // How many requests reached (service, action) since the last reset_counts().
    int requests(const std::string& service, const std::string& action);
    void add_fault(const std::string& json);
    void clear_faults();

  private:
    LocalStack();
    std::map<std::string, std::string> env_;
    std::unique_ptr<awsrest::HttpClient> http_;
    std::unique_ptr<awsrest::CredentialsProvider> credentials_;
    std::unique_ptr<awsrest::Random> random_;
    std::unique_ptr<awsrest::AwsClient> client_;
};

// A name no other test run uses: prefix + pid + counter.
std::string unique_name(const std::string& prefix);

}  // namespace stack

// Ends a test: the verifier must have refused nothing it was sent.
#define REQUIRE_NOTHING_REJECTED() REQUIRE(stack::LocalStack::get().rejected() == 0)
