// awsrest-cli sns create-topic|subscribe|publish
#include <awsrest/sns.hpp>

#include "commands.hpp"
#include "common.hpp"
#include "service_context.hpp"
#include "subcommands.hpp"

namespace cli {

namespace {

// Runs `body` with an SnsClient; the command's own options are checked before.
template <class Body>
int with_sns(const Command& command, Body&& body) {
    ServiceContext context(command.args);
    auto endpoint = context.endpoint("sns");
    if (!endpoint) return failure(command.name, endpoint.error());
    awsrest::SnsClient sns(context.aws(), *endpoint);
    return body(sns);
}

int create_topic(const Command& command) {
    auto name = command.args.value("name");
    if (!name) return usage_error(command.name, "--name NAME is required");
    return with_sns(command, [&](awsrest::SnsClient& sns) {
        auto arn = sns.create_topic(*name);
        if (!arn) return failure(command.name, arn.error());
        JsonWriter json;
        json.begin_object().member("topic_arn", *arn).end_object();
        return print_json(json);
    });
}

int subscribe(const Command& command) {
    const auto& args = command.args;
    awsrest::SnsSubscribeRequest request;
    auto topic = args.value("topic-arn");
    auto endpoint = args.value("notification-endpoint");
    if (!topic || !endpoint) return usage_error(command.name, "--topic-arn and --notification-endpoint are required");
    request.topic_arn = *topic;
    request.endpoint = *endpoint;
    request.protocol = args.value_or("protocol", "sqs");
    if (args.flag("raw-message-delivery")) request.raw_message_delivery = true;
    return with_sns(command, [&](awsrest::SnsClient& sns) {
        auto arn = sns.subscribe(request);
        if (!arn) return failure(command.name, arn.error());
        JsonWriter json;
        json.begin_object().member("subscription_arn", *arn).end_object();
        return print_json(json);
    });
}

int publish(const Command& command) {
    const auto& args = command.args;
    awsrest::SnsPublishRequest request;
    auto topic = args.value("topic-arn");
    if (!topic) return usage_error(command.name, "--topic-arn is required");
    if (args.value("message").has_value() == args.value("message-file").has_value()) {
        return usage_error(command.name, "give the message as --message TEXT or --message-file FILE");
    }
    auto attributes = name_values(args, "message-attribute");
    if (!attributes) return usage_error(command.name, attributes.error().message);
    request.topic_arn = *topic;
    request.subject = args.value_or("subject", "");
    request.message_attributes = std::move(attributes).value();
    if (auto text = args.value("message")) {
        request.message = *text;
    } else {
        // One byte more than SNS takes, so the library names the limit.
        auto file = read_input(*args.value("message-file"), awsrest::kMaxSnsMessageBytes + 1);
        if (!file) return failure(command.name, file.error());
        request.message = std::move(file).value();
    }
    return with_sns(command, [&](awsrest::SnsClient& sns) {
        auto published = sns.publish(request);
        if (!published) return failure(command.name, published.error());
        JsonWriter json;
        json.begin_object()
            .member("topic_arn", request.topic_arn)
            .member("message_id", published->message_id)
            .member_if_set("sequence_number", published->sequence_number)
            .end_object();
        return print_json(json);
    });
}

}  // namespace

int run_sns(int argc, char** argv) {
    static const std::vector<Subcommand> subcommands = {
        {"create-topic", {{"name"}}, create_topic},
        {"subscribe",
         {{"topic-arn"}, {"protocol"}, {"notification-endpoint"}, {"raw-message-delivery", false}},
         subscribe},
        {"publish", {{"topic-arn"}, {"message"}, {"message-file"}, {"subject"}, {"message-attribute"}}, publish},
    };
    return run_group("sns", subcommands, argc, argv);
}

}  // namespace cli
