#include "metrics/prometheus_text.hpp"

#include "metrics/clean_text.hpp"
#include "metrics/number_text.hpp"

namespace niamd::metrics {
namespace {

bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':'; }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }

std::string_view read_name(std::string_view line, std::size_t& i, bool allow_colon) {
    const std::size_t start = i;
    if (i >= line.size() || !is_name_start(line[i]) || (!allow_colon && line[i] == ':')) return {};
    while (i < line.size() && is_name_char(line[i]) && (allow_colon || line[i] != ':')) ++i;
    return line.substr(start, i - start);
}

void skip_blanks(std::string_view line, std::size_t& i) {
    while (i < line.size() && is_blank_char(line[i])) ++i;
}

// Why the line is bad, "" when it gave a sample, kSkippedLine when its value has no number.
std::string_view read_line(std::string_view line, Sample& sample) {
    std::size_t i = 0;
    const std::string_view name = read_name(line, i, true);
    if (name.empty()) return "no metric name";
    if (name.size() > kMaxNameBytes) return "metric name too long";
    if (i < line.size() && line[i] == '{') {
        ++i;
        while (true) {
            skip_blanks(line, i);
            if (i < line.size() && line[i] == '}') {
                ++i;
                break;
            }
            const std::string_view key = read_name(line, i, false);
            if (key.empty()) return "a label name is not [a-zA-Z_][a-zA-Z0-9_]*";
            skip_blanks(line, i);
            if (i + 1 >= line.size() || line[i] != '=' || line[i + 1] != '"') return "a label is not name=\"value\"";
            i += 2;
            std::string value;
            bool closed = false;
            while (i < line.size()) {
                const char c = line[i++];
                if (c == '"') {
                    closed = true;
                    break;
                }
                if (c == '\\' && i < line.size()) {
                    const char escaped = line[i++];
                    value += escaped == 'n' ? ' ' : escaped;  // tags hold no control characters
                    continue;
                }
                value += c;
            }
            if (!closed) return "unclosed label value";
            if (value.size() > kMaxTagBytes || !is_clean_text(value)) return "label value too long or not clean UTF-8";
            if (sample.tags.size() >= kMaxTagsPerSample) return "too many labels";
            sample.tags.push_back(Tag{std::string(key), std::move(value)});
            skip_blanks(line, i);
            if (i < line.size() && line[i] == ',') {
                ++i;
                continue;
            }
            if (i < line.size() && line[i] == '}') {
                ++i;
                break;
            }
            return "labels are not separated by ',' or closed by '}'";
        }
    }
    std::string_view rest = line.substr(i);
    if (rest.empty() || !is_blank_char(rest.front())) return "no value after the name";
    const std::string_view value = next_field(rest);
    const std::string_view time = next_field(rest);
    if (!next_field(rest).empty()) return "more than 'name value timestamp'";
    std::int64_t milliseconds = 0;
    if (!time.empty()) {
        const auto stamp = parse_integer(time);
        if (!stamp) return "the timestamp is not integer milliseconds";
        milliseconds = *stamp;
    }
    sample.name.assign(name);
    sample.time = milliseconds > 0 ? milliseconds / 1000 : 0;
    if (value == "NaN" || value == "+Inf" || value == "-Inf" || value == "Inf") return kSkippedLine;
    const auto number = parse_finite(value);
    if (!number) return "the value is not a number";
    sample.value = *number;
    return "";
}

}  // namespace

ParsedMetrics parse_prometheus(std::string_view text) { return parse_sample_lines(text, read_line); }

}  // namespace niamd::metrics
