#include "stack_helpers.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <stdexcept>

#include "local_stack.hpp"

namespace stack {

awsrest::ServiceEndpoint service_endpoint(const std::string& service) {
    auto& stack = LocalStack::get();
    auto endpoint = awsrest::resolve_endpoint(service, stack.region(), stack.env_lookup());
    if (!endpoint) throw std::runtime_error(service + " endpoint: " + endpoint.error().describe());
    return std::move(endpoint).value();
}

FaultGuard::FaultGuard() { LocalStack::get().clear_faults(); }

FaultGuard::~FaultGuard() {
    try {
        LocalStack::get().clear_faults();
    } catch (const std::exception& e) {
        // A destructor must not throw; the next guard clears again.
        UNSCOPED_INFO("clearing faults failed: " << e.what());
    }
}

Ec2InstancesGuard::Ec2InstancesGuard() { LocalStack::get().control("DELETE", "ec2/instances"); }

Ec2InstancesGuard::~Ec2InstancesGuard() {
    try {
        LocalStack::get().control("DELETE", "ec2/instances");
    } catch (const std::exception& e) {
        UNSCOPED_INFO("removing EC2 instances failed: " << e.what());
    }
}

awsrest::Result<void> create_bucket(awsrest::AwsClient& client, const awsrest::ServiceEndpoint& s3,
                                    const std::string& bucket) {
    awsrest::Request request;
    request.method = "PUT";
    request.path = s3.endpoint.base_path + "/" + bucket;
    awsrest::CallOptions options;
    options.operation = "S3.CreateBucket";
    options.region = s3.region;
    options.service = "s3";
    options.s3_rules = true;
    auto response = client.call(s3.endpoint, request, options);
    if (!response) return std::move(response).error();
    return {};
}

ClosedPort::ClosedPort() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) throw std::runtime_error("socket() failed");
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof(address);
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        ::close(fd_);
        throw std::runtime_error("could not bind a loopback port");
    }
    port_ = ntohs(address.sin_port);
}

ClosedPort::~ClosedPort() {
    if (fd_ >= 0) ::close(fd_);
}

rapidjson::Document parse_json(const std::string& text) {
    rapidjson::Document doc;
    doc.Parse(text.c_str(), text.size());
    INFO("JSON text: " << text.substr(0, 500));
    REQUIRE_FALSE(doc.HasParseError());
    return doc;
}

rapidjson::Document stack_counts() { return parse_json(LocalStack::get().control("GET", "counts").body); }

int faulted(const std::string& service, const std::string& action) {
    auto counts = stack_counts();
    const auto& services = counts["services"];
    if (!services.HasMember(service.c_str())) return 0;
    const auto& actions = services[service.c_str()];
    if (!actions.HasMember(action.c_str())) return 0;
    return actions[action.c_str()]["faulted"].GetInt();
}

}  // namespace stack
