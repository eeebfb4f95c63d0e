#include "cloudwatch/cloudwatch_request.hpp"

#include <array>
#include <charconv>
#include <cmath>

#include "core/query_form.hpp"
#include "core/time_text.hpp"

namespace awsrest::cloudwatch {

namespace {

constexpr std::string_view kOperation = "CloudWatch.PutMetricData";

Error invalid(const std::string& what) {
    return make_error(ErrorKind::InvalidArgument, std::string(kOperation) + ": " + what);
}

// What CloudWatch accepts: finite, within ±2^360, and 0 or at least 2^-360 in size.
bool is_sendable(double value) noexcept {
    if (!std::isfinite(value)) return false;
    const double size = std::fabs(value);
    return value == 0 || (size <= std::ldexp(1.0, 360) && size >= std::ldexp(1.0, -360));
}

// The shortest text that reads back as the same double ("231434333", "0.5", "1e-07").
std::string number_text(double value) {
    std::array<char, 32> text{};
    const auto [end, error] = std::to_chars(text.data(), text.data() + text.size(), value);
    (void)error;  // 32 bytes always hold a double
    return std::string(text.data(), end);
}

bool has_control_char(std::string_view text) noexcept {
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7f) return true;
    }
    return false;
}

std::string datum_name(const MetricDatum& datum, std::size_t position) {
    return "datum " + std::to_string(position) + " ('" + datum.metric_name.substr(0, kMaxMetricNameBytes) + "')";
}

Result<void> check_number(double value, const std::string& where) {
    if (is_sendable(value)) return {};
    return invalid(where + " is " + number_text(value) +
                   "; CloudWatch takes finite numbers within ±2^360 (NaN and infinities are refused)");
}

}  // namespace

Result<void> check_namespace(const std::string& name_space) {
    if (name_space.empty() || name_space.size() > kMaxNamespaceBytes || has_control_char(name_space)) {
        return invalid("the namespace has 1 to " + std::to_string(kMaxNamespaceBytes) + " printable bytes");
    }
    if (name_space.starts_with("AWS/")) return invalid("the namespace '" + name_space + "' is reserved for AWS");
    return {};
}

Result<void> check_datum(const MetricDatum& datum, std::size_t position) {
    const std::string name = datum_name(datum, position);
    if (datum.metric_name.empty() || datum.metric_name.size() > kMaxMetricNameBytes ||
        has_control_char(datum.metric_name)) {
        return invalid("datum " + std::to_string(position) + ": a metric name has 1 to " +
                       std::to_string(kMaxMetricNameBytes) + " printable bytes");
    }
    if (datum.dimensions.size() > kMaxDimensionsPerMetric) {
        return invalid(name + " has " + std::to_string(datum.dimensions.size()) + " dimensions; at most " +
                       std::to_string(kMaxDimensionsPerMetric));
    }
    for (const auto& dimension : datum.dimensions) {
        if (dimension.name.empty() || dimension.name.size() > kMaxDimensionNameBytes ||
            has_control_char(dimension.name)) {
            return invalid(name + ": a dimension name has 1 to " + std::to_string(kMaxDimensionNameBytes) +
                           " printable bytes");
        }
        if (dimension.value.empty() || dimension.value.size() > kMaxDimensionValueBytes ||
            has_control_char(dimension.value)) {
            return invalid(name + ": dimension '" + dimension.name + "' needs a value of 1 to " +
                           std::to_string(kMaxDimensionValueBytes) + " printable bytes");
        }
    }
    const int kinds = (datum.value ? 1 : 0) + (datum.values.empty() ? 0 : 1) + (datum.statistic_values ? 1 : 0);
    if (kinds != 1) return invalid(name + " needs exactly one of a value, values or statistic values");
    if (datum.value) {
        if (auto ok = check_number(*datum.value, name + ": the value"); !ok) return ok;
    }
    if (datum.values.size() > kMaxValuesPerMetric) {
        return invalid(name + " has " + std::to_string(datum.values.size()) + " values; at most " +
                       std::to_string(kMaxValuesPerMetric));
    }
    if (!datum.counts.empty() && datum.counts.size() != datum.values.size()) {
        return invalid(name + " has " + std::to_string(datum.counts.size()) + " counts for " +
                       std::to_string(datum.values.size()) + " values");
    }
    for (std::size_t i = 0; i < datum.values.size(); ++i) {
        if (auto ok = check_number(datum.values[i], name + ": value " + std::to_string(i + 1)); !ok) return ok;
    }
    for (std::size_t i = 0; i < datum.counts.size(); ++i) {
        if (auto ok = check_number(datum.counts[i], name + ": count " + std::to_string(i + 1)); !ok) return ok;
        if (datum.counts[i] < 0) return invalid(name + ": count " + std::to_string(i + 1) + " is negative");
    }
    if (datum.statistic_values) {
        const auto& s = *datum.statistic_values;
        for (const auto& [field, number] : {std::pair<const char*, double>{"SampleCount", s.sample_count},
                                            {"Sum", s.sum},
                                            {"Minimum", s.minimum},
                                            {"Maximum", s.maximum}}) {
            if (auto ok = check_number(number, name + ": " + field); !ok) return ok;
        }
        if (s.sample_count <= 0) return invalid(name + ": SampleCount must be above 0");
        if (s.minimum > s.maximum) return invalid(name + ": Minimum is above Maximum");
    }
    if (!datum.unit.empty() && !is_cloudwatch_unit(datum.unit)) {
        return invalid(name + ": '" + datum.unit + "' is not a CloudWatch unit");
    }
    if (datum.storage_resolution != 0 && datum.storage_resolution != 1 && datum.storage_resolution != 60) {
        return invalid(name + ": the storage resolution is 1 or 60 seconds, not " +
                       std::to_string(datum.storage_resolution));
    }
    return {};
}

void append_datum(std::string& out, const MetricDatum& datum, std::size_t member) {
    const std::string prefix = "MetricData.member." + std::to_string(member) + ".";
    QueryForm form;
    form.add(prefix + "MetricName", datum.metric_name);
    for (std::size_t d = 0; d < datum.dimensions.size(); ++d) {
        const std::string dimension = prefix + "Dimensions.member." + std::to_string(d + 1) + ".";
        form.add(dimension + "Name", datum.dimensions[d].name);
        form.add(dimension + "Value", datum.dimensions[d].value);
    }
    if (datum.timestamp) form.add(prefix + "Timestamp", time_text::format_iso8601_utc(*datum.timestamp));
    if (datum.value) form.add(prefix + "Value", number_text(*datum.value));
    if (datum.statistic_values) {
        const auto& s = *datum.statistic_values;
        form.add(prefix + "StatisticValues.SampleCount", number_text(s.sample_count));
        form.add(prefix + "StatisticValues.Sum", number_text(s.sum));
        form.add(prefix + "StatisticValues.Minimum", number_text(s.minimum));
        form.add(prefix + "StatisticValues.Maximum", number_text(s.maximum));
    }
    for (std::size_t i = 0; i < datum.values.size(); ++i) {
        form.add(prefix + "Values.member." + std::to_string(i + 1), number_text(datum.values[i]));
    }
    for (std::size_t i = 0; i < datum.counts.size(); ++i) {
        form.add(prefix + "Counts.member." + std::to_string(i + 1), number_text(datum.counts[i]));
    }
    if (!datum.unit.empty()) form.add(prefix + "Unit", datum.unit);
    if (datum.storage_resolution != 0) form.add(prefix + "StorageResolution", datum.storage_resolution);
    out += '&';
    out += form.text();
}

std::string body_head(const std::string& name_space) {
    QueryForm form;
    form.add("Action", "PutMetricData");
    form.add("Version", kCloudWatchVersion);
    form.add("Namespace", name_space);
    return std::move(form).text();
}

Result<std::string> put_metric_data_body(const PutMetricDataRequest& request) {
    if (auto ok = check_namespace(request.name_space); !ok) return std::move(ok).error();
    if (request.metric_data.empty()) return invalid("no metric data");
    if (request.metric_data.size() > kMaxMetricDataPerRequest) {
        return invalid(std::to_string(request.metric_data.size()) + " metric data; at most " +
                       std::to_string(kMaxMetricDataPerRequest) + " per request (batch_metric_data splits them)");
    }
    std::string body = body_head(request.name_space);
    for (std::size_t i = 0; i < request.metric_data.size(); ++i) {
        if (auto ok = check_datum(request.metric_data[i], i + 1); !ok) return std::move(ok).error();
        append_datum(body, request.metric_data[i], i + 1);
    }
    if (body.size() > kMaxPutMetricDataBytes) {
        return invalid("the request takes " + std::to_string(body.size()) + " bytes; at most " +
                       std::to_string(kMaxPutMetricDataBytes) + " (batch_metric_data splits them)");
    }
    return body;
}

}  // namespace awsrest::cloudwatch
