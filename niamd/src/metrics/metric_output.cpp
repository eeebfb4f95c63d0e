#include "metrics/metric_output.hpp"

#include "metrics/plugin_output.hpp"
#include "metrics/graphite_line.hpp"
#include "metrics/influx_line.hpp"
#include "metrics/opentsdb_line.hpp"
#include "metrics/perfdata.hpp"
#include "metrics/prometheus_text.hpp"

namespace niamd::metrics {
namespace {

// The first line that is neither blank nor a '#' comment (Prometheus's HELP/TYPE excepted).
std::string_view first_significant_line(std::string_view text, bool& prometheus_comment) {
    prometheus_comment = false;
    std::string_view found;
    bool done = false;
    for_each_line(text, [&](std::size_t, std::string_view line) {
        if (done) return;
        line = trim_blanks(line);
        if (line.empty()) return;
        if (line.front() == '#') {
            if (line.starts_with("# HELP ") || line.starts_with("# TYPE ")) {
                prometheus_comment = true;
                done = true;
            }
            return;
        }
        found = line;
        done = true;
    });
    return found;
}

ParsedMetrics parse_plugin_perfdata(std::string_view text) {
    const auto plugin = metrics::parse_plugin_output(metrics::kPluginOk, text);
    const auto perfdata = parse_perfdata(plugin.perfdata);
    ParsedMetrics result;
    result.lines = perfdata.read;
    result.bad = perfdata.bad;
    result.skipped = perfdata.undetermined;
    result.dropped = perfdata.dropped;
    result.first_bad_line = perfdata.first_bad;
    result.first_bad_reason = perfdata.first_bad_reason;
    for (const auto& item : perfdata.items) {
        Sample sample;
        sample.name = item.label;
        sample.unit = item.unit;
        sample.value = item.value;
        result.keep(std::move(sample));
    }
    return result;
}

}  // namespace

std::string_view to_string(MetricFormat format) noexcept {
    switch (format) {
        case MetricFormat::Graphite: return "graphite";
        case MetricFormat::Perfdata: return "perfdata";
        case MetricFormat::Influx: return "influx";
        case MetricFormat::OpenTsdb: return "opentsdb";
        case MetricFormat::Prometheus: return "prometheus";
    }
    return "graphite";
}

std::optional<MetricFormat> metric_format_from_name(std::string_view name) noexcept {
    for (const auto format : {MetricFormat::Graphite, MetricFormat::Perfdata, MetricFormat::Influx,
                              MetricFormat::OpenTsdb, MetricFormat::Prometheus}) {
        if (to_string(format) == name) return format;
    }
    return std::nullopt;
}

MetricFormat detect_metric_format(std::string_view text) noexcept {
    bool prometheus_comment = false;
    std::string_view line = first_significant_line(text, prometheus_comment);
    if (prometheus_comment) return MetricFormat::Prometheus;
    if (line.find('|') != std::string_view::npos) return MetricFormat::Perfdata;
    const std::string_view first = next_field(line);
    const std::string_view second = next_field(line);
    const std::string_view third = next_field(line);
    const std::string_view fourth = next_field(line);
    if (first.find('{') != std::string_view::npos) return MetricFormat::Prometheus;
    if (first == "put" || fourth.find('=') != std::string_view::npos) return MetricFormat::OpenTsdb;
    if (first.find(',') != std::string_view::npos) return MetricFormat::Influx;
    // A perfdata item is label=value;...; a Graphite name with tags is name;tag=value.
    if (const std::size_t equals = first.find('='); equals != std::string_view::npos && first.find(';') > equals) {
        return MetricFormat::Perfdata;
    }
    if (second.find('=') != std::string_view::npos) return MetricFormat::Influx;
    if (third.empty() && !second.empty()) return MetricFormat::Prometheus;
    return MetricFormat::Graphite;
}

ParsedMetrics parse_metric_output(std::string_view text, MetricFormat format) {
    switch (format) {
        case MetricFormat::Graphite: return parse_graphite(text);
        case MetricFormat::Perfdata: return parse_plugin_perfdata(text);
        case MetricFormat::Influx: return parse_influx(text);
        case MetricFormat::OpenTsdb: return parse_opentsdb(text);
        case MetricFormat::Prometheus: return parse_prometheus(text);
    }
    return parse_graphite(text);
}

}  // namespace niamd::metrics
