// The EC2 instance metadata service, version 2 (session tokens). Unsigned plain HTTP to a
// link-local address; a host that is not on EC2 is told apart within about a second.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "awsrest/clock.hpp"
#include "awsrest/credentials.hpp"
#include "awsrest/http.hpp"
#include "awsrest/result.hpp"

namespace awsrest {

// What instance_id_or_not_aws() answers off EC2 (or with IMDS disabled or unreachable).
inline constexpr std::string_view kNotAws = "NOT-AWS";

struct ImdsOptions {
    Endpoint endpoint{"http", "169.254.169.254", 0, ""};
    bool disabled = false;
    std::chrono::seconds token_ttl{21600};  // asked of IMDS; 1 to 21600
    // A cached token is renewed this long before IMDS would stop taking it.
    std::chrono::seconds token_renew_margin{60};
    // For the curl client ImdsClient makes when it is given none: a host off EC2 (no
    // route, or a peer that never answers) gives up within a second.
    std::chrono::milliseconds connect_timeout{800};
    std::chrono::milliseconds total_timeout{900};
    // Upper bound on any one answer (a metadata value, the identity document: ~0.5 KiB).
    std::size_t max_response_bytes = 64 * 1024;

    // AWS_EC2_METADATA_SERVICE_ENDPOINT (a URL, e.g. "http://127.0.0.1:1338"; else
    // AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv6 gives http://[fd00:ec2::254]) and
    // AWS_EC2_METADATA_DISABLED ("true", any case). A malformed endpoint is an error.
    static Result<ImdsOptions> from_environment(const EnvLookup& env = process_environment());
};

// /latest/dynamic/instance-identity/document
struct InstanceIdentity {
    std::string account_id;
    std::string architecture;       // "x86_64"
    std::string availability_zone;  // "us-west-2b"
    std::string image_id;
    std::string instance_id;
    std::string instance_type;
    TimePoint pending_time{};  // the epoch when absent
    std::string private_ip;
    std::string region;
    std::string version;  // "2017-09-30"
};

// Safe to share between threads (calls are serialised). Errors: InvalidArgument when
// disabled, Network when IMDS cannot be reached, Http for a non-2xx answer, Parse for a
// malformed one; messages start with "IMDS".
class ImdsClient {
  public:
    // Uses `http` (not owned) for every request.
    ImdsClient(HttpClient& http, Clock& clock = system_clock(), ImdsOptions options = {});
    // Makes its own curl client with the options' short timeouts.
    explicit ImdsClient(ImdsOptions options, Clock& clock = system_clock());
    ~ImdsClient();
    ImdsClient(const ImdsClient&) = delete;
    ImdsClient& operator=(const ImdsClient&) = delete;

    // A session token (PUT /latest/api/token), cached until token_renew_margin before its ttl.
    Result<std::string> token();
    // The body of GET <path> ("/latest/meta-data/instance-id"). A 401 (token expired or
    // revoked) fetches a fresh token and tries once more.
    Result<std::string> get(std::string_view path);

    Result<std::string> instance_id();  // /latest/meta-data/instance-id
    Result<std::string> region();       // /latest/meta-data/placement/region
    Result<InstanceIdentity> identity_document();

    // The instance id, or kNotAws when IMDS is disabled, unreachable or answers wrongly.
    std::string instance_id_or_not_aws();

    const ImdsOptions& options() const noexcept { return options_; }

  private:
    Result<std::string> fetch_token_locked();
    // PUT of the token request when `token` is empty, else GET with the token.
    Result<Response> send_locked(const std::string& path, const std::string& token);

    std::unique_ptr<HttpClient> own_http_;
    HttpClient* http_;
    Clock& clock_;
    ImdsOptions options_;
    std::mutex mutex_;
    std::string token_;
    TimePoint token_renew_at_{};
};

}  // namespace awsrest
