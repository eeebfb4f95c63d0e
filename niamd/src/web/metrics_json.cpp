#include "web/metrics_json.hpp"

#include <algorithm>

#include "protocol/metric_record.hpp"
#include "web/json_writer.hpp"

namespace niamd::web {
namespace {

std::vector<metrics::Tag> sorted(std::vector<metrics::Tag> tags) {
    std::sort(tags.begin(), tags.end(), [](const metrics::Tag& a, const metrics::Tag& b) {
        return a.key != b.key ? a.key < b.key : a.value < b.value;
    });
    return tags;
}

// The tags of a series as a JSON object, in the source's order. Stored tags that do not
// read back (not written by this niamd) are shown as one "" key holding the text.
void write_tags(JsonWriter& out, const std::string& text) {
    out.begin_object();
    if (const auto tags = protocol::decode_tags(text)) {
        for (const auto& tag : *tags) out.key(tag.key).value(tag.value);
    } else {
        out.key("").value(text);
    }
    out.end_object();
}

void write_host(JsonWriter& out, const store::HostKey& host) {
    out.key("host").value(host.hostname);
    out.key("instance").value(host.instance);
}

}  // namespace

awsrest::Result<std::vector<metrics::Tag>> parse_tag_params(const std::vector<std::string>& values) {
    std::vector<metrics::Tag> tags;
    if (values.size() > metrics::kMaxTagsPerSample) {
        return awsrest::make_error(awsrest::ErrorKind::InvalidArgument,
                                   "tag: at most " + std::to_string(metrics::kMaxTagsPerSample) + " tags");
    }
    for (const std::string& value : values) {
        const std::size_t equals = value.find('=');
        if (equals == std::string::npos || equals == 0) {
            return awsrest::make_error(awsrest::ErrorKind::InvalidArgument,
                                       "tag: expected tag=key=value (a key, '=', then the value)");
        }
        tags.push_back({value.substr(0, equals), value.substr(equals + 1)});
    }
    return tags;
}

const store::MetricSeriesRow* find_series(const std::vector<store::MetricSeriesRow>& series, std::string_view name,
                                          const std::vector<metrics::Tag>& tags) {
    const std::string exact = protocol::encode_tags(tags);
    const std::vector<metrics::Tag> wanted = sorted(tags);
    const store::MetricSeriesRow* found = nullptr;
    for (const auto& row : series) {
        if (row.name != name) continue;
        if (row.tags == exact) return &row;  // the order given: the one meant
        if (found) continue;
        const auto stored = protocol::decode_tags(row.tags);
        if (stored && sorted(*stored) == wanted) found = &row;
    }
    return found;
}

std::string latest_metrics_json(const store::HostKey& host, const std::vector<store::MetricSeriesRow>& series) {
    JsonWriter out;
    out.begin_object();
    write_host(out, host);
    out.key("metrics").begin_array();
    for (const auto& row : series) {
        out.begin_object();
        out.key("name").value(row.name);
        out.key("tags");
        write_tags(out, row.tags);
        out.key("unit").value(row.unit);
        out.key("time").value(row.last_time);
        out.key("value").value(row.last_value);
        out.end_object();
    }
    out.end_array();
    out.end_object();
    return out.text();
}

std::string metric_points_json(const store::HostKey& host, const store::MetricSeriesRow& series,
                               const store::MetricPoints& points, std::int64_t since, std::int64_t until) {
    JsonWriter out;
    out.begin_object();
    write_host(out, host);
    out.key("name").value(series.name);
    out.key("tags");
    write_tags(out, series.tags);
    out.key("unit").value(points.unit);
    out.key("since").value(since);
    out.key("until").value(until);
    if (points.step > 0) {
        out.key("step").value(points.step);
        out.key("rollup").value(step_text(points.step));
    }
    out.key("points").begin_array();
    for (std::size_t i = 0; i < points.times.size() && i < points.values.size(); ++i) {
        out.begin_array().value(points.times[i]).value(points.values[i]).end_array();
    }
    out.end_array();
    if (points.step > 0) {
        out.key("min").begin_array();
        for (const double value : points.mins) out.value(value);
        out.end_array();
        out.key("max").begin_array();
        for (const double value : points.maxs) out.value(value);
        out.end_array();
    }
    out.end_object();
    return out.text();
}

std::string step_text(std::int64_t seconds) {
    if (seconds > 0 && seconds % 86400 == 0) return std::to_string(seconds / 86400) + "d";
    if (seconds > 0 && seconds % 3600 == 0) return std::to_string(seconds / 3600) + "h";
    if (seconds > 0 && seconds % 60 == 0) return std::to_string(seconds / 60) + "m";
    return std::to_string(seconds) + "s";
}

}  // namespace niamd::web
