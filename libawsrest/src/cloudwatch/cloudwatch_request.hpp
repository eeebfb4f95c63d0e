// PutMetricData's form body, built and checked without HTTP so tests can read it whole.
#pragma once

#include <string>
#include <string_view>

#include "awsrest/cloudwatch.hpp"
#include "awsrest/result.hpp"

namespace awsrest::cloudwatch {

inline constexpr std::string_view kCloudWatchVersion = "2010-08-01";

// Checks one datum on its own; the error names it by position (1-based) and metric name.
Result<void> check_datum(const MetricDatum& datum, std::size_t position);

// The form fields of one datum as "MetricData.member.N." entries, '&'-prefixed, appended to `out`.
void append_datum(std::string& out, const MetricDatum& datum, std::size_t member);

// The whole body; fails with InvalidArgument ("CloudWatch.PutMetricData: ...") naming the field.
Result<std::string> put_metric_data_body(const PutMetricDataRequest& request);

// "Action=PutMetricData&Version=2010-08-01&Namespace=..." (no data yet).
std::string body_head(const std::string& name_space);

Result<void> check_namespace(const std::string& name_space);

}  // namespace awsrest::cloudwatch
