// What every service command shares: the global options, the transport, the credentials,
// the signing AwsClient, and where each service answers (endpoint and region).
#pragma once

#include <awsrest/aws_client.hpp>
#include <awsrest/clock.hpp>
#include <awsrest/credentials.hpp>
#include <awsrest/endpoints.hpp>
#include <awsrest/http.hpp>
#include <awsrest/imds.hpp>
#include <awsrest/result.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "arguments.hpp"

namespace cli {

// The options every service command takes besides its own: --region, --profile,
// --endpoint-url, --debug, --ca-bundle, --no-verify-ssl, --access-key, --secret-key,
// --session-token.
std::vector<OptionSpec> with_global_options(std::vector<OptionSpec> command_options);
// What the parser cannot check: --access-key and --secret-key come together. Empty: fine.
std::string global_options_error(const Arguments& args);

// Upper bound on one answer for most commands (the transport's default).
inline constexpr std::size_t kDefaultMaxResponseBytes = 16 * 1024 * 1024;

class ServiceContext {
  public:
    // `max_response_bytes` bounds every answer (an S3 object is one answer).
    explicit ServiceContext(const Arguments& args, std::size_t max_response_bytes = kDefaultMaxResponseBytes);
    ~ServiceContext();
    ServiceContext(const ServiceContext&) = delete;
    ServiceContext& operator=(const ServiceContext&) = delete;

    // Where `service` ("sqs", "s3", "sns", "ec2", "sts") answers and which region to sign
    // for: --endpoint-url, AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL or the AWS default;
    // the region from --region, AWS_REGION, AWS_DEFAULT_REGION or the profile, else one
    // named by the endpoint's host, else IMDS. With --debug, printed on stderr.
    awsrest::Result<awsrest::ServiceEndpoint> endpoint(std::string_view service);

    awsrest::AwsClient& aws() { return *aws_; }

    // IMDS settings from the environment; --endpoint-url replaces the IMDS endpoint when
    // `endpoint_from_option` (the imds command), never for the region lookup.
    awsrest::Result<awsrest::ImdsOptions> imds_options(bool endpoint_from_option) const;
    // A transport with IMDS's short timeouts, logging each exchange with --debug.
    awsrest::HttpClient& imds_http(const awsrest::ImdsOptions& options);

    // stderr with --debug, else nullptr.
    std::ostream* debug() const { return debug_; }

  private:
    awsrest::Result<std::string> imds_region();

    std::optional<std::string> region_option_;
    std::optional<std::string> endpoint_url_option_;
    std::string profile_;
    std::ostream* debug_ = nullptr;
    awsrest::EnvLookup env_;
    std::unique_ptr<awsrest::HttpClient> http_;
    std::unique_ptr<awsrest::CredentialsProvider> credentials_;
    awsrest::SeededRandom random_;
    std::unique_ptr<awsrest::AwsClient> aws_;
    std::unique_ptr<awsrest::HttpClient> imds_http_;
};

}  // namespace cli
