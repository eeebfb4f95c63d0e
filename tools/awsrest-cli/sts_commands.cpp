// awsrest-cli whoami: STS GetCallerIdentity
#include <awsrest/sts.hpp>

#include "commands.hpp"
#include "common.hpp"
#include "service_context.hpp"
#include "subcommands.hpp"

namespace cli {

namespace {

int whoami(const Command& command) {
    if (!command.args.operands().empty()) return usage_error(command.name, "takes no operands");
    ServiceContext context(command.args);
    auto endpoint = context.endpoint("sts");
    if (!endpoint) return failure(command.name, endpoint.error());
    awsrest::StsClient sts(context.aws(), *endpoint);
    auto identity = sts.get_caller_identity();
    if (!identity) return failure(command.name, identity.error());
    JsonWriter json;
    json.begin_object()
        .member("account", identity->account)
        .member("arn", identity->arn)
        .member("user_id", identity->user_id)
        .end_object();
    return print_json(json);
}

}  // namespace

int run_whoami(int argc, char** argv) {
    static const Subcommand command = {"whoami", {}, whoami};
    return run_single(command, argc, argv);
}

}  // namespace cli
