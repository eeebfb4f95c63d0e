#include "master/cloudwatch_datum.hpp"

#include <array>
#include <chrono>
#include <cmath>
#include <utility>

namespace niamd::master {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 13> kUnits{{
    {"%", "Percent"},
    {"s", "Seconds"},
    {"ms", "Milliseconds"},
    {"us", "Microseconds"},
    {"B", "Bytes"},
    {"KB", "Kilobytes"},
    {"MB", "Megabytes"},
    {"GB", "Gigabytes"},
    {"TB", "Terabytes"},
    {"B/s", "Bytes/Second"},
    {"1/s", "Count/Second"},
    {"c", "Count"},
    {"", "None"},
}};

// Cuts at most `max_bytes` bytes without splitting a UTF-8 character.
std::string_view cut_utf8(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return text;
    std::size_t end = max_bytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return text.substr(0, end);
}

void add_dimension(awsrest::MetricDatum& datum, std::string_view name, std::string_view value) {
    if (name.empty() || value.empty() || datum.dimensions.size() >= awsrest::kMaxDimensionsPerMetric) return;
    datum.dimensions.push_back({std::string(cut_utf8(name, awsrest::kMaxDimensionNameBytes)),
                                std::string(cut_utf8(value, awsrest::kMaxDimensionValueBytes))});
}

}  // namespace

std::string_view cloudwatch_unit(std::string_view unit) noexcept {
    for (const auto& [ours, theirs] : kUnits) {
        if (ours == unit) return theirs;
    }
    return "None";
}

bool glob_matches(std::string_view glob, std::string_view name) noexcept {
    // Iterative, with one backtracking point (the last '*'): linear in practice, never exponential.
    std::size_t g = 0;
    std::size_t n = 0;
    std::size_t star = std::string_view::npos;
    std::size_t star_n = 0;
    while (n < name.size()) {
        if (g < glob.size() && (glob[g] == '?' || glob[g] == name[n])) {
            ++g;
            ++n;
        } else if (g < glob.size() && glob[g] == '*') {
            star = g++;
            star_n = n;
        } else if (star != std::string_view::npos) {
            g = star + 1;
            n = ++star_n;
        } else {
            return false;
        }
    }
    while (g < glob.size() && glob[g] == '*') ++g;
    return g == glob.size();
}

std::optional<awsrest::MetricDatum> to_cloudwatch_datum(const store::HostKey& host, const metrics::Sample& sample,
                                                        std::int64_t now) {
    const double size = std::fabs(sample.value);
    if (!std::isfinite(sample.value) || size > std::ldexp(1.0, 360) || (size != 0 && size < std::ldexp(1.0, -360))) {
        return std::nullopt;
    }
    if (sample.name.empty() || sample.name.size() > awsrest::kMaxMetricNameBytes) return std::nullopt;
    awsrest::MetricDatum datum;
    datum.metric_name = sample.name;
    datum.value = sample.value;
    datum.unit = std::string(cloudwatch_unit(sample.unit));
    datum.timestamp = awsrest::TimePoint(std::chrono::seconds(sample.time != 0 ? sample.time : now));
    add_dimension(datum, "Host", host.hostname);
    add_dimension(datum, "InstanceId", host.instance);
    for (const auto& tag : sample.tags) {
        if (tag.key == "Host" || tag.key == "InstanceId") continue;  // ours; a repeat would be refused
        add_dimension(datum, tag.key, tag.value);
    }
    return datum;
}

}  // namespace niamd::master
