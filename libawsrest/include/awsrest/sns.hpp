// Amazon SNS: publish to a topic, create a topic, subscribe a queue, over the AWS Query
// protocol (POST / with a form body, XML answers).
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>

#include "awsrest/aws_client.hpp"
#include "awsrest/endpoints.hpp"
#include "awsrest/result.hpp"

namespace awsrest {

// SNS's limits, checked before anything is sent.
inline constexpr std::size_t kMaxSnsMessageBytes = 256 * 1024;
inline constexpr std::size_t kMaxSnsMessageAttributes = 10;  // what an SQS subscriber accepts
inline constexpr std::size_t kMaxSnsSubjectBytes = 100;

struct SnsPublishRequest {
    std::string topic_arn;
    std::string message;
    std::string subject;  // empty: none
    // Sent with DataType "String"; names and values must not be empty.
    std::map<std::string, std::string> message_attributes;
};

struct SnsPublishResult {
    std::string message_id;
    std::string sequence_number;  // FIFO topics only
};

struct SnsSubscribeRequest {
    std::string topic_arn;
    std::string protocol = "sqs";
    std::string endpoint;                      // for "sqs": the queue's ARN
    std::optional<bool> raw_message_delivery;  // set: the RawMessageDelivery attribute
};

class SnsClient {
  public:
    SnsClient(AwsClient& client, ServiceEndpoint endpoint);

    Result<SnsPublishResult> publish(const SnsPublishRequest& request);
    // The topic's ARN. Creating a topic that exists with the same attributes returns it.
    Result<std::string> create_topic(const std::string& name);
    // The subscription's ARN (ReturnSubscriptionArn=true, so never "pending confirmation"
    // for an SQS endpoint).
    Result<std::string> subscribe(const SnsSubscribeRequest& request);

  private:
    AwsClient& client_;
    ServiceEndpoint endpoint_;
};

}  // namespace awsrest
