// awsrest-cli imds get instance-id|region|identity|PATH
#include <awsrest/imds.hpp>

#include "commands.hpp"
#include "common.hpp"
#include "service_context.hpp"
#include "subcommands.hpp"

namespace cli {

namespace {

void write_identity(JsonWriter& json, const awsrest::InstanceIdentity& identity) {
    json.begin_object()
        .member("account_id", identity.account_id)
        .member("architecture", identity.architecture)
        .member("availability_zone", identity.availability_zone)
        .member("image_id", identity.image_id)
        .member("instance_id", identity.instance_id)
        .member("instance_type", identity.instance_type);
    if (identity.pending_time != awsrest::TimePoint{}) json.member("pending_time", format_utc(identity.pending_time));
    json.member("private_ip", identity.private_ip)
        .member("region", identity.region)
        .member("version", identity.version)
        .end_object();
}

int get(const Command& command) {
    const auto& args = command.args;
    if (args.operands().size() != 1 || args.operands().front().empty()) {
        return usage_error(command.name, "expected one of instance-id, region, identity or a metadata PATH");
    }
    const std::string what = args.operands().front();
    ServiceContext context(args);
    auto options = context.imds_options(true);
    if (!options) return failure(command.name, options.error());
    awsrest::ImdsClient imds(context.imds_http(*options), awsrest::system_clock(), *options);
    JsonWriter json;
    if (what == "instance-id" || what == "region") {
        auto value = what == "region" ? imds.region() : imds.instance_id();
        if (!value) return failure(command.name, value.error());
        json.begin_object().member(what == "region" ? "region" : "instance_id", *value).end_object();
    } else if (what == "identity") {
        auto identity = imds.identity_document();
        if (!identity) return failure(command.name, identity.error());
        write_identity(json, *identity);
    } else {
        // "/latest/..." as it is; anything else is below /latest/meta-data/.
        const std::string path = what.front() == '/' ? what : "/latest/meta-data/" + what;
        auto value = imds.get(path);
        if (!value) return failure(command.name, value.error());
        json.begin_object().member("path", path).member("value", *value).end_object();
    }
    return print_json(json);
}

}  // namespace

int run_imds(int argc, char** argv) {
    static const std::vector<Subcommand> subcommands = {
        {"get", {}, get},
    };
    return run_group("imds", subcommands, argc, argv);
}

}  // namespace cli
