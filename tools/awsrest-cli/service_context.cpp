#include "service_context.hpp"

#include <iostream>

#include "common.hpp"
#include "debug_http.hpp"

namespace cli {

std::vector<OptionSpec> with_global_options(std::vector<OptionSpec> command_options) {
    for (auto& spec : credential_options()) command_options.push_back(spec);  // --profile among them
    command_options.push_back({"region"});
    command_options.push_back({"endpoint-url"});
    command_options.push_back({"debug", false});
    command_options.push_back({"ca-bundle"});
    command_options.push_back({"no-verify-ssl", false});
    return command_options;
}

std::string global_options_error(const Arguments& args) {
    const bool access = args.value("access-key").has_value();
    if (access != args.value("secret-key").has_value()) return "--access-key and --secret-key go together";
    if (!access && args.value("session-token")) return "--session-token needs --access-key and --secret-key";
    return "";
}

ServiceContext::ServiceContext(const Arguments& args, std::size_t max_response_bytes)
    : region_option_(args.value("region")),
      endpoint_url_option_(args.value("endpoint-url")),
      profile_(args.value_or("profile", "")),
      debug_(args.flag("debug") ? &std::cerr : nullptr),
      env_(awsrest::process_environment()) {
    awsrest::HttpOptions http_options;
    http_options.ca_bundle = args.value_or("ca-bundle", "");
    http_options.verify_peer = !args.flag("no-verify-ssl");
    http_options.max_response_bytes = max_response_bytes;
    http_ = awsrest::make_curl_http_client(http_options);
    credentials_ = credentials_provider(args);
    aws_ = std::make_unique<awsrest::AwsClient>(*http_, *credentials_, awsrest::system_clock(), &random_);
    aws_->set_debug(debug_);
}

ServiceContext::~ServiceContext() = default;

awsrest::Result<awsrest::ServiceEndpoint> ServiceContext::endpoint(std::string_view service) {
    awsrest::RegionSources sources;
    sources.region = region_option_;
    sources.profile = profile_;
    sources.env = env_;
    // The places that cost nothing first; then a region the endpoint's host names; IMDS last,
    // as off EC2 it takes a second to give up.
    auto resolved = [&]() -> awsrest::Result<awsrest::ServiceEndpoint> {
        if (auto region = awsrest::resolve_region(sources)) {
            return awsrest::resolve_endpoint(service, *region, env_, endpoint_url_option_);
        }
        if (auto named = awsrest::resolve_endpoint(service, "", env_, endpoint_url_option_)) return named;
        sources.imds_region = [this] { return imds_region(); };
        auto region = awsrest::resolve_region(sources);
        if (!region) return std::move(region).error();
        return awsrest::resolve_endpoint(service, *region, env_, endpoint_url_option_);
    }();
    if (resolved && debug_ != nullptr) {
        *debug_ << "[awsrest-cli] " << service << ": endpoint " << resolved->endpoint.origin()
                << resolved->endpoint.base_path << ", region " << resolved->region << ", signing name "
                << resolved->signing_name << "\n";
        // Printed with the secret key and session token redacted.
        if (auto credentials = credentials_->credentials()) {
            *debug_ << "[awsrest-cli] credentials: " << *credentials << "\n";
        } else {
            *debug_ << "[awsrest-cli] credentials: " << credentials.error().describe() << "\n";
        }
        *debug_ << std::flush;
    }
    return resolved;
}

awsrest::Result<awsrest::ImdsOptions> ServiceContext::imds_options(bool endpoint_from_option) const {
    auto options = awsrest::ImdsOptions::from_environment(env_);
    if (!options) return options;
    if (endpoint_from_option && endpoint_url_option_) {
        auto url = awsrest::parse_url(*endpoint_url_option_);
        if (!url) {
            return awsrest::make_error(awsrest::ErrorKind::InvalidArgument, "--endpoint-url: " + url.error().message);
        }
        options->endpoint = url->endpoint;
    }
    return options;
}

awsrest::HttpClient& ServiceContext::imds_http(const awsrest::ImdsOptions& options) {
    if (!imds_http_) {
        awsrest::HttpOptions http_options;
        http_options.connect_timeout = options.connect_timeout;
        http_options.total_timeout = options.total_timeout;
        http_options.max_response_bytes = options.max_response_bytes;
        http_options.proxy_from_environment = false;  // IMDS is link-local, never behind a proxy
        imds_http_ = std::make_unique<DebugHttpClient>(awsrest::make_curl_http_client(http_options), debug_, "imds",
                                                       std::vector<std::string>{"X-aws-ec2-metadata-token"});
    }
    return *imds_http_;
}

awsrest::Result<std::string> ServiceContext::imds_region() {
    auto options = imds_options(false);
    if (!options) return std::move(options).error();
    awsrest::ImdsClient imds(imds_http(*options), awsrest::system_clock(), *options);
    return imds.region();
}

}  // namespace cli
