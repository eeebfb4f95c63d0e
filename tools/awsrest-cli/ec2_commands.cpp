// awsrest-cli ec2 describe-instances
#include <awsrest/ec2.hpp>

#include "commands.hpp"
#include "common.hpp"
#include "service_context.hpp"
#include "subcommands.hpp"

namespace cli {

namespace {

// "Name=tag:Name,Values=web-1,web-2" (the AWS command line's shorthand; values without commas).
awsrest::Result<awsrest::Ec2Filter> parse_filter(const std::string& text) {
    constexpr std::string_view kName = "Name=";
    constexpr std::string_view kValues = ",Values=";
    const auto values_at = text.find(kValues);
    if (text.compare(0, kName.size(), kName) != 0 || values_at == std::string::npos || values_at == kName.size()) {
        return awsrest::make_error(awsrest::ErrorKind::InvalidArgument,
                                   "--filter takes Name=NAME,Values=V1[,V2...], not '" + text + "'");
    }
    awsrest::Ec2Filter filter;
    filter.name = text.substr(kName.size(), values_at - kName.size());
    filter.values = split_list(std::string_view(text).substr(values_at + kValues.size()));
    if (filter.values.empty()) {
        return awsrest::make_error(awsrest::ErrorKind::InvalidArgument, "--filter '" + text + "' has no values");
    }
    return filter;
}

void write_instance(JsonWriter& json, const awsrest::Ec2Instance& instance) {
    json.begin_object()
        .member("instance_id", instance.instance_id)
        .member("instance_type", instance.instance_type)
        .key("state")
        .begin_object()
        .member("name", instance.state_name)
        .member_integer("code", instance.state_code)
        .end_object()
        .member_if_set("private_ip", instance.private_ip)
        .member_if_set("public_ip", instance.public_ip)
        .member_if_set("availability_zone", instance.availability_zone);
    if (instance.launch_time != awsrest::TimePoint{}) json.member("launch_time", format_utc(instance.launch_time));
    json.member_if_set("name", instance.name).member_map("tags", instance.tags).end_object();
}

int describe_instances(const Command& command) {
    const auto& args = command.args;
    awsrest::DescribeInstancesRequest request;
    for (const auto& ids : args.values("instance-id")) {
        for (auto& id : split_list(ids)) request.instance_ids.push_back(std::move(id));
    }
    for (const auto& text : args.values("filter")) {
        auto filter = parse_filter(text);
        if (!filter) return usage_error(command.name, filter.error().message);
        request.filters.push_back(std::move(filter).value());
    }
    auto max_results = int_option(args, "max-results", 5, 1000);
    if (!max_results) return usage_error(command.name, max_results.error().message);
    request.max_results = *max_results;
    if (request.max_results && !request.instance_ids.empty()) {
        return usage_error(command.name, "--max-results does not go with --instance-id");
    }
    ServiceContext context(args);
    auto endpoint = context.endpoint("ec2");
    if (!endpoint) return failure(command.name, endpoint.error());
    awsrest::Ec2Client ec2(context.aws(), *endpoint);
    auto instances = ec2.describe_instances(request);
    if (!instances) return failure(command.name, instances.error());
    JsonWriter json;
    json.begin_object().key("instances").begin_array();
    for (const auto& instance : *instances) write_instance(json, instance);
    json.end_array().end_object();
    return print_json(json);
}

}  // namespace

int run_ec2(int argc, char** argv) {
    static const std::vector<Subcommand> subcommands = {
        {"describe-instances", {{"instance-id"}, {"filter"}, {"max-results"}}, describe_instances},
    };
    return run_group("ec2", subcommands, argc, argv);
}

}  // namespace cli
