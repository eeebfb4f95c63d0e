#include "daemon/aws_services.hpp"

#include "log/log.hpp"

namespace niamd::daemon {
namespace {

// -s / -e: a legacy host name or URL; else AWS_ENDPOINT_URL(_SVC) or the default endpoint.
awsrest::Result<awsrest::ServiceEndpoint> endpoint_for(std::string_view service, const std::string& given,
                                                       const std::string& region, const awsrest::EnvLookup& env) {
    if (given.empty()) return awsrest::resolve_endpoint(service, region, env);
    auto legacy = awsrest::endpoint_from_legacy_host(service, given);
    if (!legacy) return std::move(legacy).error();
    return awsrest::ServiceEndpoint{legacy->endpoint, region, std::string(service)};
}

}  // namespace

awsrest::Result<std::unique_ptr<AwsServices>> AwsServices::create(const Options& options) {
    std::unique_ptr<AwsServices> services(new AwsServices());
    services->env_ = awsrest::process_environment();
    const auto& env = services->env_;

    auto imds_options = awsrest::ImdsOptions::from_environment(env);
    if (!imds_options) return std::move(imds_options).error();
    services->imds_ = std::make_unique<awsrest::ImdsClient>(*imds_options);

    // Region: --region, the environment, the profile; then one named by -s or -e; IMDS last.
    awsrest::RegionSources sources;
    sources.region = options.region;
    sources.profile = options.profile;
    sources.env = env;
    auto region = awsrest::resolve_region(sources);
    if (!region) {
        for (const auto& [service, given] :
             {std::pair{"sqs", options.sqs_endpoint}, std::pair{"s3", options.s3_endpoint}}) {
            if (given.empty()) continue;
            if (auto legacy = awsrest::endpoint_from_legacy_host(service, given); legacy && legacy->region) {
                region = *legacy->region;
                break;
            }
        }
    }
    if (!region) {
        auto* imds = services->imds_.get();
        sources.imds_region = [imds] { return imds->region(); };
        region = awsrest::resolve_region(sources);
        if (!region) return std::move(region).error();
    }
    services->region_ = *region;

    awsrest::CredentialsChainOptions chain;
    chain.profile = options.profile;
    chain.niam_user = options.aws_user;
    chain.env = env;
    services->credentials_ = awsrest::make_default_credentials_chain(chain);

    for (Lane* lane : {&services->queue_lane_, &services->s3_lane_, &services->alert_lane_, &services->metrics_lane_}) {
        services->open_lane(*lane, lane != &services->queue_lane_);
    }

    auto sqs = endpoint_for("sqs", options.sqs_endpoint, *region, env);
    if (!sqs) return awsrest::make_error(sqs.error().kind, "SQS endpoint: " + sqs.error().message);
    services->sqs_ = std::make_unique<awsrest::SqsClient>(*services->queue_lane_.aws, *sqs);
    services->sqs_endpoint_ = *sqs;
    log::debug("SQS endpoint " + sqs->endpoint.origin() + ", region " + sqs->region);

    if (!options.bucket.empty()) {
        auto s3 = endpoint_for("s3", options.s3_endpoint, *region, env);
        if (!s3) return awsrest::make_error(s3.error().kind, "S3 endpoint: " + s3.error().message);
        services->s3_ = std::make_unique<awsrest::S3Client>(*services->s3_lane_.aws, *s3);
        log::debug("S3 endpoint " + s3->endpoint.origin() + ", region " + s3->region);
    }
    auto sns = endpoint_for("sns", "", *region, env);
    if (!sns) return awsrest::make_error(sns.error().kind, "SNS endpoint: " + sns.error().message);
    services->sns_ = std::make_unique<awsrest::SnsClient>(*services->alert_lane_.aws, *sns);
    auto ec2 = endpoint_for("ec2", "", *region, env);
    if (!ec2) return awsrest::make_error(ec2.error().kind, "EC2 endpoint: " + ec2.error().message);
    services->ec2_ = std::make_unique<awsrest::Ec2Client>(*services->alert_lane_.aws, *ec2);
    auto cloudwatch = endpoint_for("monitoring", "", *region, env);
    if (!cloudwatch)
        return awsrest::make_error(cloudwatch.error().kind, "CloudWatch endpoint: " + cloudwatch.error().message);
    services->cloudwatch_ = std::make_unique<awsrest::CloudWatchClient>(*services->metrics_lane_.aws, *cloudwatch);
    auto logs = endpoint_for("logs", "", *region, env);
    if (!logs) return awsrest::make_error(logs.error().kind, "CloudWatch Logs endpoint: " + logs.error().message);
    services->logs_ = std::make_unique<awsrest::CloudWatchLogsClient>(*services->metrics_lane_.aws, *logs);
    return services;
}

void AwsServices::open_lane(Lane& lane, bool cancellable) {
    awsrest::HttpOptions http_options;
    if (cancellable) http_options.cancel = &cancel_;
    lane.http = awsrest::make_curl_http_client(http_options);
    lane.random = std::make_unique<awsrest::SeededRandom>();
    lane.aws =
        std::make_unique<awsrest::AwsClient>(*lane.http, *credentials_, awsrest::system_clock(), lane.random.get());
}

std::vector<awsrest::SqsClient*> AwsServices::more_receivers(int count) {
    receive_lanes_.resize(static_cast<std::size_t>(std::max(count, 0)));  // before any is used: never moved after
    std::vector<awsrest::SqsClient*> clients;
    for (auto& lane : receive_lanes_) {
        if (!lane.aws) open_lane(lane, false);  // the master cancels its receives itself
        receivers_.push_back(std::make_unique<awsrest::SqsClient>(*lane.aws, sqs_endpoint_));
        clients.push_back(receivers_.back().get());
    }
    return clients;
}

std::string AwsServices::instance_id() { return imds_->instance_id_or_not_aws(); }

}  // namespace niamd::daemon
