#include "metrics/graphite_line.hpp"

#include "metrics/clean_text.hpp"
#include "metrics/number_text.hpp"

namespace niamd::metrics {
namespace {

// "name;k=v;k2=v2" into the sample's name and tags; why it is bad, or "".
std::string_view read_name(std::string_view text, Sample& sample) {
    const std::size_t semicolon = text.find(';');
    const std::string_view name = text.substr(0, semicolon);
    if (name.empty()) return "empty name";
    if (name.size() > kMaxNameBytes || !is_clean_text(name)) return "name too long or not clean UTF-8";
    sample.name.assign(name);
    if (semicolon == std::string_view::npos) return "";
    std::string_view rest = text.substr(semicolon + 1);
    while (true) {
        const std::size_t next = rest.find(';');
        const std::string_view tag = rest.substr(0, next);
        const std::size_t equals = tag.find('=');
        if (equals == std::string_view::npos || equals == 0 || equals + 1 == tag.size())
            return "a tag is not key=value";
        const std::string_view key = tag.substr(0, equals);
        const std::string_view value = tag.substr(equals + 1);
        if (key.size() > kMaxTagBytes || value.size() > kMaxTagBytes || !is_clean_text(tag)) {
            return "tag too long or not clean UTF-8";
        }
        if (sample.tags.size() >= kMaxTagsPerSample) return "too many tags";
        sample.tags.push_back(Tag{std::string(key), std::string(value)});
        if (next == std::string_view::npos) return "";
        rest.remove_prefix(next + 1);
    }
}

std::string_view read_line(std::string_view line, Sample& sample) {
    const std::string_view name = next_field(line);
    const std::string_view value = next_field(line);
    const std::string_view time = next_field(line);
    if (time.empty()) return "not 'name value timestamp'";
    if (!next_field(line).empty()) return "more than 3 fields";
    const auto number = parse_finite(value);
    if (!number) return "the value is not a finite number";
    const auto seconds = parse_finite(time);
    if (!seconds || *seconds < 0 || *seconds > 1e11) return "the timestamp is not unix seconds";
    if (const auto error = read_name(name, sample); !error.empty()) return error;
    sample.value = *number;
    sample.time = static_cast<std::int64_t>(*seconds);
    return "";
}

}  // namespace

ParsedMetrics parse_graphite(std::string_view text) { return parse_sample_lines(text, read_line); }

}  // namespace niamd::metrics
