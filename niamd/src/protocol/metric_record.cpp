#include "protocol/metric_record.hpp"

namespace niamd::protocol {

Record metric_record(const std::string& instance, const std::string& hostname, const metrics::Sample& sample,
                     std::int64_t time) {
    Record record;
    record.instance = instance;
    record.hostname = hostname;
    record.kind = RecordKind::Metric;
    record.target = sample.name;
    record.port_or_arg = encode_tags(sample.tags);
    record.time = sample.time != 0 ? sample.time : time;
    record.value = sample.value;
    record.unit = sample.unit;
    return record;
}

std::optional<metrics::Sample> sample_of(const Record& record) {
    auto tags = decode_tags(record.port_or_arg);
    if (!tags) return std::nullopt;
    metrics::Sample sample;
    sample.name = record.target;
    sample.tags = std::move(*tags);
    sample.unit = record.unit;
    sample.value = record.value;
    sample.time = record.time;
    return sample;
}

}  // namespace niamd::protocol
