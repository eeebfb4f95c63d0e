// awsrest-cli cloudwatch put-metric-data
#include <awsrest/cloudwatch.hpp>

#include <charconv>
#include <chrono>

#include "commands.hpp"
#include "common.hpp"
#include "service_context.hpp"
#include "subcommands.hpp"

namespace cli {

namespace {

// A number as written on the command line (the library refuses NaN and infinities, naming them).
awsrest::Result<double> number(const std::string& option, std::string_view text) {
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
        return awsrest::make_error(awsrest::ErrorKind::InvalidArgument,
                                   "--" + option + ": '" + std::string(text) + "' is not a number");
    }
    return value;
}

awsrest::Result<std::vector<double>> numbers(const Arguments& args, const std::string& option) {
    std::vector<double> out;
    for (const auto& list : args.values(option)) {
        for (const auto& item : split_list(list)) {
            auto value = number(option, item);
            if (!value) return std::move(value).error();
            out.push_back(*value);
        }
    }
    return out;
}

// "SampleCount=10,Sum=11.5,Minimum=0.25,Maximum=3"
awsrest::Result<awsrest::MetricStatisticSet> statistic_values(const std::string& text) {
    awsrest::MetricStatisticSet set;
    int seen = 0;
    for (const auto& item : split_list(text)) {
        const std::size_t equals = item.find('=');
        const std::string name = item.substr(0, equals);
        double* field = name == "SampleCount" ? &set.sample_count
                        : name == "Sum"       ? &set.sum
                        : name == "Minimum"   ? &set.minimum
                        : name == "Maximum"   ? &set.maximum
                                              : nullptr;
        if (field == nullptr || equals == std::string::npos) {
            return awsrest::make_error(awsrest::ErrorKind::InvalidArgument,
                                       "--statistic-values: '" + item + "' is not SampleCount|Sum|Minimum|Maximum=N");
        }
        auto value = number("statistic-values", std::string_view(item).substr(equals + 1));
        if (!value) return std::move(value).error();
        *field = *value;
        ++seen;
    }
    if (seen != 4) {
        return awsrest::make_error(awsrest::ErrorKind::InvalidArgument,
                                   "--statistic-values needs SampleCount, Sum, Minimum and Maximum");
    }
    return set;
}

int put_metric_data(const Command& command) {
    const auto& args = command.args;
    auto name_space = args.value("namespace");
    auto metric_name = args.value("metric-name");
    if (!name_space || !metric_name) return usage_error(command.name, "--namespace and --metric-name are required");
    const int kinds =
        (args.value("value") ? 1 : 0) + (args.value("values") ? 1 : 0) + (args.value("statistic-values") ? 1 : 0);
    if (kinds != 1) return usage_error(command.name, "give one of --value, --values or --statistic-values");

    awsrest::MetricDatum datum;
    datum.metric_name = *metric_name;
    auto dimensions = name_values(args, "dimension");
    if (!dimensions) return usage_error(command.name, dimensions.error().message);
    for (const auto& [name, value] : *dimensions) datum.dimensions.push_back({name, value});
    if (auto text = args.value("value")) {
        auto value = number("value", *text);
        if (!value) return usage_error(command.name, value.error().message);
        datum.value = *value;
    }
    auto values = numbers(args, "values");
    auto counts = numbers(args, "counts");
    if (!values) return usage_error(command.name, values.error().message);
    if (!counts) return usage_error(command.name, counts.error().message);
    datum.values = std::move(values).value();
    datum.counts = std::move(counts).value();
    if (auto text = args.value("statistic-values")) {
        auto set = statistic_values(*text);
        if (!set) return usage_error(command.name, set.error().message);
        datum.statistic_values = *set;
    }
    datum.unit = args.value_or("unit", "");
    auto timestamp = int_option(args, "timestamp", 0, 2147483647);
    if (!timestamp) return usage_error(command.name, timestamp.error().message);
    if (*timestamp) datum.timestamp = awsrest::TimePoint(std::chrono::seconds(**timestamp));
    auto resolution = int_option(args, "storage-resolution", 1, 60);
    if (!resolution) return usage_error(command.name, resolution.error().message);
    datum.storage_resolution = resolution->value_or(0);

    // More than 150 values become several data, more data several requests.
    auto requests = awsrest::batch_metric_data(*name_space, {datum});
    if (!requests) return failure(command.name, requests.error());
    ServiceContext context(args);
    auto endpoint = context.endpoint("monitoring");
    if (!endpoint) return failure(command.name, endpoint.error());
    awsrest::CloudWatchClient cloudwatch(context.aws(), *endpoint);
    std::size_t data = 0;
    for (const auto& request : *requests) {
        auto put = cloudwatch.put_metric_data(request);
        if (!put) return failure(command.name, put.error());
        data += request.metric_data.size();
    }
    JsonWriter json;
    json.begin_object()
        .member("namespace", *name_space)
        .member_integer("requests", static_cast<std::int64_t>(requests->size()))
        .member_integer("metric_data", static_cast<std::int64_t>(data))
        .end_object();
    return print_json(json);
}

}  // namespace

int run_cloudwatch(int argc, char** argv) {
    static const std::vector<Subcommand> subcommands = {
        {"put-metric-data",
         {{"namespace"},
          {"metric-name"},
          {"dimension"},
          {"value"},
          {"values"},
          {"counts"},
          {"statistic-values"},
          {"unit"},
          {"timestamp"},
          {"storage-resolution"}},
         put_metric_data},
    };
    return run_group("cloudwatch", subcommands, argc, argv);
}

}  // namespace cli
