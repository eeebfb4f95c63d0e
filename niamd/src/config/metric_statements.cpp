#include "config/metric_statements.hpp"

#include <algorithm>
#include <charconv>
#include <optional>

#include "config/config_parser.hpp"
#include "text/display_text.hpp"

namespace niamd::config {
namespace {

constexpr std::size_t kMaxQuotedToken = 32;
constexpr std::size_t kMaxMetricNameBytes = 255;  // as metrics/sample.hpp bounds a sample's name
constexpr std::size_t kMaxTagBytes = 255;
constexpr std::size_t kMaxNamespaceBytes = 255;  // CloudWatch's limit
constexpr std::size_t kMaxGlobBytes = 255;

constexpr const char* kThresholdForm = "THRESHOLD needs 'THRESHOLD name[tag=value,...] WARN CRIT [FOR seconds]'";
constexpr const char* kRangeForm = "a range (10, 10:, ~:10, 10:20, @10:20) or '-'";

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto up = [](char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; };
        if (up(a[i]) != up(b[i])) return false;
    }
    return true;
}

std::optional<int> seconds(std::string_view text) {
    if (text.empty() || text.size() > 6) return std::nullopt;
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value < 0 || value > kMaxDurationSeconds) {
        return std::nullopt;
    }
    return value;
}

// "fs.used_pct[mount=/,fs=ext4]" into the spec's name and tags; an error message or "".
std::string read_selector(std::string_view selector, ThresholdSpec& spec) {
    const std::size_t open = selector.find('[');
    const std::string_view name = selector.substr(0, open);
    if (name.empty()) return "THRESHOLD needs a metric name before the tags";
    if (name.size() > kMaxMetricNameBytes) return "THRESHOLD metric name is longer than 255 bytes";
    if (name.find(']') != std::string_view::npos) return "THRESHOLD metric name " + quote_input(name) + " has a ']'";
    spec.name.assign(name);
    if (open == std::string_view::npos) return "";
    if (selector.back() != ']') return "THRESHOLD tags must be written 'name[tag=value,...]' (no closing ']')";
    std::string_view inside = selector.substr(open + 1, selector.size() - open - 2);
    if (inside.empty()) return "THRESHOLD tags '[]' are empty; leave the brackets out to match every series";
    while (true) {
        const std::size_t comma = inside.find(',');
        const std::string_view pair = inside.substr(0, comma);
        const std::size_t equals = pair.find('=');
        if (equals == 0 || equals == std::string_view::npos) {
            return "THRESHOLD tag " + quote_input(pair) + " must be 'tag=value'";
        }
        const std::string_view key = pair.substr(0, equals);
        const std::string_view value = pair.substr(equals + 1);
        if (key.size() > kMaxTagBytes || value.size() > kMaxTagBytes) return "THRESHOLD tag is longer than 255 bytes";
        if (key.find_first_of("[]") != std::string_view::npos || value.find_first_of("[]") != std::string_view::npos) {
            return "THRESHOLD tag " + quote_input(pair) + " has a '[' or ']'";
        }
        for (const auto& [seen, ignored] : spec.tags) {
            if (seen == key) return "THRESHOLD tag " + quote_input(key) + " is given twice";
        }
        if (spec.tags.size() == kMaxThresholdTags) {
            return "THRESHOLD has more than " + std::to_string(kMaxThresholdTags) + " tags";
        }
        spec.tags.emplace_back(std::string(key), std::string(value));
        if (comma == std::string_view::npos) break;
        inside.remove_prefix(comma + 1);
    }
    return "";
}

std::string read_level(std::string_view text, std::string_view which, std::optional<metrics::ThresholdRange>& out) {
    if (text == "-") return "";
    out = metrics::parse_threshold_range(text);
    if (out) return "";
    return "THRESHOLD " + std::string(which) + " " + quote_input(text) + " is not " + kRangeForm;
}

bool is_namespace_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
           c == '_' || c == '/' || c == '#' || c == ':';
}

std::vector<std::pair<std::string, std::string>> sorted_tags(const ThresholdSpec& spec) {
    auto tags = spec.tags;
    std::sort(tags.begin(), tags.end());
    return tags;
}

}  // namespace

std::string quote_input(std::string_view token) {
    std::string out = "'" + text::printable_ascii(token, kMaxQuotedToken);
    if (token.size() > kMaxQuotedToken) out += "...";
    out += "'";
    return out;
}

std::string ThresholdSpec::text() const {
    std::string out = "THRESHOLD " + name;
    if (!tags.empty()) {
        out += '[';
        for (std::size_t i = 0; i < tags.size(); ++i) {
            out += (i == 0 ? "" : ",") + tags[i].first + "=" + tags[i].second;
        }
        out += ']';
    }
    out += ' ' + (warn ? warn->text() : std::string("-"));
    out += ' ' + (crit ? crit->text() : std::string("-"));
    if (for_seconds > 0) out += " FOR " + std::to_string(for_seconds);
    return out;
}

std::variant<ThresholdSpec, std::string> read_threshold(const std::vector<std::string_view>& args) {
    if (args.size() != 3 && args.size() != 5) return std::string(kThresholdForm);
    ThresholdSpec spec;
    if (auto error = read_selector(args[0], spec); !error.empty()) return error;
    if (auto error = read_level(args[1], "WARN", spec.warn); !error.empty()) return error;
    if (auto error = read_level(args[2], "CRIT", spec.crit); !error.empty()) return error;
    if (!spec.warn && !spec.crit) return std::string("THRESHOLD needs a WARN or a CRIT range ('-' '-' alerts never)");
    if (args.size() == 5) {
        if (!equals_ignoring_case(args[3], "FOR")) return std::string(kThresholdForm);
        const auto held = seconds(args[4]);
        if (!held) return "THRESHOLD FOR needs seconds 0-" + std::to_string(kMaxDurationSeconds);
        spec.for_seconds = *held;
    }
    return spec;
}

std::variant<CloudWatchConfig, std::string> read_cloudwatch(const std::vector<std::string_view>& args) {
    if (args.empty()) return std::string("CLOUDWATCH needs 'CLOUDWATCH namespace [name-glob...]'");
    const std::string_view name_space = args[0];
    if (name_space.size() > kMaxNamespaceBytes ||
        !std::all_of(name_space.begin(), name_space.end(), is_namespace_char)) {
        return "CLOUDWATCH namespace " + quote_input(name_space) + " must be 1-255 letters, digits and . - _ / # :";
    }
    if (name_space.size() >= 4 && equals_ignoring_case(name_space.substr(0, 4), "AWS/")) {
        return std::string("CLOUDWATCH namespace must not start with 'AWS/' (reserved for AWS's own metrics)");
    }
    if (args.size() - 1 > kMaxCloudWatchGlobs) {
        return "CLOUDWATCH takes at most " + std::to_string(kMaxCloudWatchGlobs) + " name globs";
    }
    CloudWatchConfig config;
    config.name_space.assign(name_space);
    for (std::size_t i = 1; i < args.size(); ++i) {
        if (args[i].size() > kMaxGlobBytes) return std::string("CLOUDWATCH name glob is longer than 255 bytes");
        config.globs.emplace_back(args[i]);
    }
    return config;
}

bool same_selector(const ThresholdSpec& a, const ThresholdSpec& b) {
    return a.name == b.name && sorted_tags(a) == sorted_tags(b);
}

}  // namespace niamd::config
