// AwsServices: the AWS clients niamd needs, built from its command line and environment
// the way the original niam and the AWS tools resolve them (see docs/niamd.md).
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include <awsrest/aws_client.hpp>
#include <awsrest/credentials.hpp>
#include <awsrest/ec2.hpp>
#include <awsrest/http.hpp>
#include <awsrest/imds.hpp>
#include <awsrest/s3.hpp>
#include <awsrest/cloudwatch.hpp>
#include <awsrest/logs.hpp>
#include <awsrest/sns.hpp>
#include <awsrest/sqs.hpp>

#include "daemon/options.hpp"

namespace niamd::daemon {

class AwsServices {
  public:
    // Resolves region and endpoints; fails with a message naming what is missing.
    static awsrest::Result<std::unique_ptr<AwsServices>> create(const Options& options);

    awsrest::SqsClient& sqs() { return *sqs_; }
    // `count` more clients of the queue, each on a transport of its own: the master's receive
    // lanes beyond sqs() (RECEIVERS). Call once, before they are used.
    std::vector<awsrest::SqsClient*> more_receivers(int count);
    awsrest::S3Client* s3() { return s3_.get(); }  // null with --config FILE and no -b
    awsrest::SnsClient& sns() { return *sns_; }
    awsrest::Ec2Client& ec2() { return *ec2_; }
    // CloudWatch (the master's CLOUDWATCH publishing), on a lane of its own: its thread blocks.
    awsrest::CloudWatchClient& cloudwatch() { return *cloudwatch_; }
    // CloudWatch Logs (the client's CLOUDWATCH_LOGS publishing, from the client loop), on the
    // same lane: the client never publishes metrics, the master never logs.
    awsrest::CloudWatchLogsClient& logs() { return *logs_; }
    // The credentials in use (for the debug dump: printed redacted).
    awsrest::CredentialsProvider& credentials() { return *credentials_; }
    // The EC2 instance id from IMDSv2, or "NOT-AWS" (asked once, within about a second).
    std::string instance_id();
    const std::string& region() const noexcept { return region_; }
    // Ends every request in flight on the S3, SNS/EC2 and CloudWatch lanes within 100 ms and
    // fails new ones there: for a master that must stop within 2 s. The queue's clients are
    // left alone: the master cancels its own receives (and still deletes after them), and
    // the client's SendMessage must finish to know whether the message left the spool.
    void cancel_requests() noexcept { cancel_.store(true); }

  private:
    AwsServices() = default;
    awsrest::EnvLookup env_;
    std::atomic<bool> cancel_{false};
    std::string region_;
    // One transport and AwsClient per thread that calls: SQS (the client loop, or the
    // master's receiver), S3 (config and scripts), SNS and EC2 (the master's ticker).
    struct Lane {
        std::unique_ptr<awsrest::HttpClient> http;
        std::unique_ptr<awsrest::SeededRandom> random;
        std::unique_ptr<awsrest::AwsClient> aws;
    };
    std::unique_ptr<awsrest::CredentialsProvider> credentials_;
    Lane queue_lane_;
    Lane s3_lane_;
    Lane alert_lane_;
    Lane metrics_lane_;
    std::unique_ptr<awsrest::SqsClient> sqs_;
    awsrest::ServiceEndpoint sqs_endpoint_;
    std::vector<Lane> receive_lanes_;
    std::vector<std::unique_ptr<awsrest::SqsClient>> receivers_;
    std::unique_ptr<awsrest::S3Client> s3_;
    std::unique_ptr<awsrest::SnsClient> sns_;
    std::unique_ptr<awsrest::Ec2Client> ec2_;
    std::unique_ptr<awsrest::CloudWatchClient> cloudwatch_;
    std::unique_ptr<awsrest::CloudWatchLogsClient> logs_;
    std::unique_ptr<awsrest::ImdsClient> imds_;
    void open_lane(Lane& lane, bool cancellable);
};

}  // namespace niamd::daemon
