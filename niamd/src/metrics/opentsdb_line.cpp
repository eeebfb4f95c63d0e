#include "metrics/opentsdb_line.hpp"

#include "metrics/clean_text.hpp"
#include "metrics/number_text.hpp"

namespace niamd::metrics {
namespace {

std::string_view read_line(std::string_view line, Sample& sample) {
    std::string_view metric = next_field(line);
    if (metric == "put") metric = next_field(line);
    const std::string_view time = next_field(line);
    const std::string_view value = next_field(line);
    if (value.empty()) return "not '[put ]metric timestamp value [tag=value ...]'";
    if (metric.size() > kMaxNameBytes || !is_clean_text(metric)) return "metric too long or not clean UTF-8";
    const auto stamp = parse_integer(time);
    if (!stamp || *stamp < 0) return "the timestamp is not unix seconds or milliseconds";
    const auto number = parse_finite(value);
    if (!number) return "the value is not a finite number";
    for (std::string_view tag = next_field(line); !tag.empty(); tag = next_field(line)) {
        const std::size_t equals = tag.find('=');
        if (equals == std::string_view::npos || equals == 0 || equals + 1 == tag.size())
            return "a tag is not key=value";
        const std::string_view key = tag.substr(0, equals);
        const std::string_view tag_value = tag.substr(equals + 1);
        if (key.size() > kMaxTagBytes || tag_value.size() > kMaxTagBytes || !is_clean_text(tag)) {
            return "tag too long or not clean UTF-8";
        }
        if (sample.tags.size() >= kMaxTagsPerSample) return "too many tags";
        sample.tags.push_back(Tag{std::string(key), std::string(tag_value)});
    }
    sample.name.assign(metric);
    sample.value = *number;
    sample.time = time.size() > 10 ? *stamp / 1000 : *stamp;
    return "";
}

}  // namespace

ParsedMetrics parse_opentsdb(std::string_view text) { return parse_sample_lines(text, read_line); }

}  // namespace niamd::metrics
