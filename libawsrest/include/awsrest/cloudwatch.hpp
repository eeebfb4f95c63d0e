// Amazon CloudWatch: PutMetricData over the AWS Query protocol (POST / with a form body, XML
// answers), like SQS, SNS and EC2; and a batcher that splits many data into requests within
// the API reference's limits.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "awsrest/aws_client.hpp"
#include "awsrest/endpoints.hpp"
#include "awsrest/result.hpp"

namespace awsrest {

// PutMetricData's limits (API reference), checked before anything is sent.
inline constexpr std::size_t kMaxPutMetricDataBytes = 1024 * 1024;  // the form body of one request
inline constexpr std::size_t kMaxMetricDataPerRequest = 1000;
inline constexpr std::size_t kMaxDimensionsPerMetric = 30;
inline constexpr std::size_t kMaxValuesPerMetric = 150;  // Values (and Counts) of one datum
inline constexpr std::size_t kMaxNamespaceBytes = 255;
inline constexpr std::size_t kMaxMetricNameBytes = 255;
inline constexpr std::size_t kMaxDimensionNameBytes = 255;
inline constexpr std::size_t kMaxDimensionValueBytes = 1024;

struct MetricDimension {
    std::string name;
    std::string value;
};

struct MetricStatisticSet {
    double sample_count = 0;
    double sum = 0;
    double minimum = 0;
    double maximum = 0;
};

// One MetricDatum. Exactly one of value, values (with optional counts, as many) and
// statistic_values is set. Numbers must be finite and within ±2^360 (and 0 or at least
// 2^-360 in size): NaN and infinities are refused before sending.
struct MetricDatum {
    std::string metric_name;
    std::vector<MetricDimension> dimensions;  // at most 30
    std::optional<double> value;
    std::vector<double> values;  // at most 150
    std::vector<double> counts;  // empty, or one per value
    std::optional<MetricStatisticSet> statistic_values;
    std::string unit;  // empty, or a CloudWatch unit: "Seconds", "Bytes", "Percent", "Count/Second", ...
    std::optional<TimePoint> timestamp;  // none: the time CloudWatch receives it
    int storage_resolution = 0;          // 0: not sent (standard, 60); 1: high resolution
};

struct PutMetricDataRequest {
    std::string name_space;                // e.g. "System/Default"; must not start with "AWS/"
    std::vector<MetricDatum> metric_data;  // 1 to 1,000
};

// True for the units PutMetricData accepts ("Seconds", ..., "Count/Second", "None").
bool is_cloudwatch_unit(std::string_view unit) noexcept;

// Splits `data` into requests of at most 1,000 data and 1 MB each, keeping their order; a
// datum with more than 150 values becomes several data of at most 150. Fails with
// InvalidArgument, naming the datum, when one datum is wrong on its own.
Result<std::vector<PutMetricDataRequest>> batch_metric_data(const std::string& name_space,
                                                            std::vector<MetricDatum> data);

class CloudWatchClient {
  public:
    CloudWatchClient(AwsClient& client, ServiceEndpoint endpoint);

    // Publishes one request; refuses one that breaks a limit before sending it.
    Result<void> put_metric_data(const PutMetricDataRequest& request);

  private:
    AwsClient& client_;
    ServiceEndpoint endpoint_;
};

}  // namespace awsrest
