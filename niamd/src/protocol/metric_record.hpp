// A metric sample as a METRIC record, and back (docs/protocol.md, "METRIC").
// Tags travel in one field as `key=value` pairs joined by ';', in the sample's order; '%',
// ';', '=' and control bytes inside a key or value are written as %XX (two upper-case hex
// digits), so any key and value survive the trip.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/sample.hpp"
#include "metrics/tag_text.hpp"
#include "protocol/record.hpp"

namespace niamd::protocol {

// The tags field's text (metrics/tag_text.hpp).
using metrics::decode_tags;
using metrics::encode_tags;

// The record of one sample; a sample without its own time (0) is stamped `time`.
Record metric_record(const std::string& instance, const std::string& hostname, const metrics::Sample& sample,
                     std::int64_t time);
// The sample a METRIC record carries; nullopt when its tags field cannot be read.
std::optional<metrics::Sample> sample_of(const Record& record);

}  // namespace niamd::protocol
