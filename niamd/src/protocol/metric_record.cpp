#include "protocol/metric_record.hpp"

#include "text/percent_escape.hpp"

namespace niamd::protocol {
namespace {

bool needs_escape(unsigned char c) { return c == '%' || c == ';' || c == '=' || c < 0x20 || c == 0x7f; }

void append_escaped(std::string& out, std::string_view text) { text::append_percent_escaped(out, text, needs_escape); }

std::optional<std::string> unescape(std::string_view text) { return text::percent_unescape(text); }

}  // namespace

std::string encode_tags(const std::vector<metrics::Tag>& tags) {
    std::string out;
    for (const auto& tag : tags) {
        if (!out.empty()) out.push_back(';');
        append_escaped(out, tag.key);
        out.push_back('=');
        append_escaped(out, tag.value);
    }
    return out;
}

std::optional<std::vector<metrics::Tag>> decode_tags(std::string_view text) {
    std::vector<metrics::Tag> tags;
    while (!text.empty()) {
        const std::size_t end = text.find(';');
        const std::string_view pair = text.substr(0, end);
        const std::size_t equals = pair.find('=');
        if (equals == std::string_view::npos || equals == 0) return std::nullopt;
        auto key = unescape(pair.substr(0, equals));
        auto value = unescape(pair.substr(equals + 1));
        if (!key || !value) return std::nullopt;
        tags.push_back({std::move(*key), std::move(*value)});
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
        if (text.empty()) return std::nullopt;  // a trailing ';'
    }
    return tags;
}

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
