// How a host's metric sample becomes a CloudWatch MetricDatum (docs/config.md "CloudWatch"):
// dimensions Host and InstanceId plus the sample's tags (at most 30), the unit in CloudWatch's
// names, the sample's time; and the name globs of CLOUDWATCH.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include <awsrest/cloudwatch.hpp>

#include "metrics/sample.hpp"
#include "store/history_store.hpp"

namespace niamd::master {

// "%" -> "Percent", "B/s" -> "Bytes/Second", "1/s" -> "Count/Second", ...; unknown -> "None".
std::string_view cloudwatch_unit(std::string_view unit) noexcept;

// Shell-like glob on a metric name: '*' any run of characters (also none), '?' one byte.
bool glob_matches(std::string_view glob, std::string_view name) noexcept;

// The datum for `sample` of `host` (time: the sample's, else `now`). Nullopt when CloudWatch
// would refuse it whatever we do (an empty or too long name, a value beyond +-2^360 or
// nonzero below 2^-360 in size).
std::optional<awsrest::MetricDatum> to_cloudwatch_datum(const store::HostKey& host, const metrics::Sample& sample,
                                                        std::int64_t now);

}  // namespace niamd::master
