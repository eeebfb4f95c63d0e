// Where each AWS service answers, and which region to sign for, resolved the way the AWS
// command-line tools and SDKs do it.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "awsrest/credentials.hpp"
#include "awsrest/request.hpp"
#include "awsrest/result.hpp"

namespace awsrest {

// An endpoint with the region and service name its requests are signed for.
struct ServiceEndpoint {
    Endpoint endpoint;
    std::string region;        // "eu-west-1"
    std::string signing_name;  // "sqs", "s3", "sns", "ec2", "sts"
};

// The service id as the AWS_ENDPOINT_URL_<SERVICE> variables spell it: upper case,
// spaces and dashes as underscores ("sqs" -> "SQS", "s3" -> "S3").
std::string endpoint_env_suffix(std::string_view service);

// The AWS default endpoint of a service in a region: https://<service>.<region>.amazonaws.com
// (".amazonaws.com.cn" for "cn-" regions). S3 in us-east-1 is s3.us-east-1.amazonaws.com.
// Fails (InvalidArgument) on an empty or malformed region or service name.
Result<Endpoint> default_endpoint(std::string_view service, std::string_view region);

// The endpoint for `service` ("sqs", "s3", "sns", "ec2", "sts"; case-insensitive), first of:
//   1. endpoint_url_override (--endpoint-url),
//   2. AWS_ENDPOINT_URL_<SERVICE> (e.g. AWS_ENDPOINT_URL_SQS),
//   3. AWS_ENDPOINT_URL,
//   4. default_endpoint(service, region).
// 2 and 3 are skipped when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is "true".
// A URL may be a full URL (http://127.0.0.1:4566) or a bare host (legacy names allowed,
// see endpoint_from_legacy_host). The signing region is `region`; when `region` is empty
// and the URL's host names a region, that one. No region at all is an InvalidArgument.
Result<ServiceEndpoint> resolve_endpoint(std::string_view service, const std::string& region, const EnvLookup& env,
                                         const std::optional<std::string>& endpoint_url_override = std::nullopt);

// An endpoint given as the original niam command line takes it: a bare host ("https" is
// assumed; "host:port" allowed) or a full URL. `region` is set when the host names one:
//   SQS: "<region>.queue.amazonaws.com", "sqs.<region>.amazonaws.com", "queue.amazonaws.com"
//   S3:  "s3-<region>.amazonaws.com", "s3.<region>.amazonaws.com", "s3.amazonaws.com",
//        and the same behind a bucket name ("bucket.s3.eu-west-1.amazonaws.com")
//   any: "<service>.<region>.amazonaws.com" (and ".amazonaws.com.cn")
// where "queue.amazonaws.com" and "s3.amazonaws.com" mean us-east-1.
struct LegacyEndpoint {
    Endpoint endpoint;
    std::optional<std::string> region;
};
Result<LegacyEndpoint> endpoint_from_legacy_host(std::string_view service, std::string_view text);

// Whether text has the shape of an AWS region name ("eu-west-1", "us-gov-west-1", "cn-north-1").
bool looks_like_region(std::string_view text) noexcept;

// Where the region may come from, in this order.
struct RegionSources {
    std::optional<std::string> region;  // --region
    std::string profile;                // --profile; empty: AWS_PROFILE, else "default"
    EnvLookup env = process_environment();
    // The instance's region from IMDS (e.g. ImdsClient::region); empty: IMDS is not asked.
    std::function<Result<std::string>()> imds_region;
};

// --region, AWS_REGION, AWS_DEFAULT_REGION, `region` in the profile's section of the shared
// config file (AWS_CONFIG_FILE, else $HOME/.aws/config; "[default]" or "[profile NAME]"),
// then IMDS. The error (InvalidArgument) lists each place tried and why it gave nothing.
Result<std::string> resolve_region(const RegionSources& sources);

}  // namespace awsrest
