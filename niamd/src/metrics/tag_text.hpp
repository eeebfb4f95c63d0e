// A sample's tags as one text field: `key=value` pairs joined by ';', in the sample's order;
// '%', ';', '=' and control bytes inside a key or value are written as %XX (two upper-case
// hex digits), so any key and value survive the trip. METRIC records carry tags this way
// (protocol/metric_record.hpp), and an inventory's canonical text is written the same way.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/sample.hpp"

namespace niamd::metrics {

std::string encode_tags(const std::vector<Tag>& tags);
// nullopt when the text is not what encode_tags writes (a pair without '=', an empty key,
// a bad %XX escape). "" is no tags.
std::optional<std::vector<Tag>> decode_tags(std::string_view text);

}  // namespace niamd::metrics
