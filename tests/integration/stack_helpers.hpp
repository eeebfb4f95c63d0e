// Small pieces the service-client integration tests share: endpoints resolved from the
// stack's env file, a guard that leaves no fault behind, a bucket maker (S3Client has no
// CreateBucket), a loopback port nothing listens on, and the stack's counters as JSON.
#pragma once

#include <rapidjson/document.h>

#include <awsrest/aws_client.hpp>
#include <awsrest/endpoints.hpp>
#include <awsrest/result.hpp>
#include <string>

namespace stack {

// The endpoint of `service` ("sqs", "s3", ...) as the library resolves it from the
// stack's env file (AWS_ENDPOINT_URL_<SERVICE>, AWS_REGION).
awsrest::ServiceEndpoint service_endpoint(const std::string& service);

// Clears every injected fault when made and again when it goes out of scope, so a failing
// REQUIRE in the middle of a test cannot leave a fault for the next one.
class FaultGuard {
  public:
    FaultGuard();
    ~FaultGuard();
    FaultGuard(const FaultGuard&) = delete;
    FaultGuard& operator=(const FaultGuard&) = delete;
};

// Removes every EC2 instance of the fake when made and when it goes out of scope.
class Ec2InstancesGuard {
  public:
    Ec2InstancesGuard();
    ~Ec2InstancesGuard();
    Ec2InstancesGuard(const Ec2InstancesGuard&) = delete;
    Ec2InstancesGuard& operator=(const Ec2InstancesGuard&) = delete;
};

// PUT /<bucket> (path style), signed with S3's rules through `client`.
awsrest::Result<void> create_bucket(awsrest::AwsClient& client, const awsrest::ServiceEndpoint& s3,
                                    const std::string& bucket);

// A TCP port on 127.0.0.1 that is bound but not listening while this object lives, so a
// connection to it is refused at once and nobody else can take the port meanwhile.
class ClosedPort {
  public:
    ClosedPort();
    ~ClosedPort();
    ClosedPort(const ClosedPort&) = delete;
    ClosedPort& operator=(const ClosedPort&) = delete;
    int port() const noexcept { return port_; }

  private:
    int fd_ = -1;
    int port_ = 0;
};

// Parses JSON (from the control API or a message body); a parse error fails the test.
rapidjson::Document parse_json(const std::string& text);

// GET /_stack/counts, parsed.
rapidjson::Document stack_counts();

// Injected faults the stack applied to (service, action) since the last reset_counts().
int faulted(const std::string& service, const std::string& action);

}  // namespace stack
