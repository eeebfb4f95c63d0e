// awsrest-cli sqs create-queue|send|send-batch|receive|delete|attributes
#include <awsrest/sqs.hpp>

#include <cstdint>
#include <iostream>
#include <map>

#include "commands.hpp"
#include "common.hpp"
#include "service_context.hpp"
#include "subcommands.hpp"

namespace cli {

namespace {

// A send-batch input larger than this is refused rather than read into memory.
constexpr std::size_t kMaxBatchInputBytes = 64 * 1024 * 1024;

awsrest::Result<awsrest::SqsProtocol> protocol_option(const Arguments& args) {
    const std::string protocol = args.value_or("protocol", "json");
    if (protocol == "json") return awsrest::SqsProtocol::Json;
    if (protocol == "query") return awsrest::SqsProtocol::Query;
    return awsrest::make_error(awsrest::ErrorKind::InvalidArgument,
                               "--protocol takes json or query, not '" + protocol + "'");
}

// Exactly one of --queue-url and --queue NAME.
std::string queue_option_error(const Arguments& args) {
    if (args.value("queue-url").has_value() == args.value("queue").has_value()) {
        return "give the queue as --queue-url URL or --queue NAME";
    }
    return "";
}

awsrest::Result<std::string> queue_url(const Arguments& args, awsrest::SqsClient& sqs) {
    if (auto url = args.value("queue-url")) return *url;
    return sqs.get_queue_url(args.value_or("queue", ""));
}

// Runs `body` with an SqsClient for the endpoint and protocol the options name; the
// command's own options are checked before.
template <class Body>
int with_sqs(const Command& command, Body&& body) {
    auto protocol = protocol_option(command.args);
    if (!protocol) return usage_error(command.name, protocol.error().message);
    ServiceContext context(command.args);
    auto endpoint = context.endpoint("sqs");
    if (!endpoint) return failure(command.name, endpoint.error());
    awsrest::SqsClient sqs(context.aws(), *endpoint, *protocol);
    return body(sqs);
}

std::vector<OptionSpec> queue_options(std::vector<OptionSpec> more) {
    more.push_back({"queue-url"});
    more.push_back({"queue"});
    more.push_back({"protocol"});
    return more;
}

int create_queue(const Command& command) {
    auto name = command.args.value("queue");
    if (!name) return usage_error(command.name, "--queue NAME is required");
    auto attributes = name_values(command.args, "attribute");
    if (!attributes) return usage_error(command.name, attributes.error().message);
    return with_sqs(command, [&](awsrest::SqsClient& sqs) {
        auto url = sqs.create_queue(*name, *attributes);
        if (!url) return failure(command.name, url.error());
        JsonWriter json;
        json.begin_object().member("queue_url", *url).end_object();
        return print_json(json);
    });
}

int send(const Command& command) {
    const auto& args = command.args;
    if (auto error = queue_option_error(args); !error.empty()) return usage_error(command.name, error);
    if (args.value("body").has_value() == args.value("body-file").has_value()) {
        return usage_error(command.name, "give the message as --body TEXT or --body-file FILE");
    }
    awsrest::SqsSendOptions options;
    auto delay = int_option(args, "delay-seconds", 0, awsrest::kSqsMaxDelaySeconds);
    if (!delay) return usage_error(command.name, delay.error().message);
    options.delay_seconds = *delay;
    options.message_group_id = args.value_or("message-group-id", "");
    options.message_deduplication_id = args.value_or("message-deduplication-id", "");
    std::string body;
    if (auto text = args.value("body")) {
        body = *text;
    } else {
        // One byte more than SQS takes, so the library names the limit.
        auto file = read_input(*args.value("body-file"), awsrest::kSqsMaxPayloadBytes + 1);
        if (!file) return failure(command.name, file.error());
        body = std::move(file).value();
    }
    return with_sqs(command, [&](awsrest::SqsClient& sqs) {
        auto url = queue_url(args, sqs);
        if (!url) return failure(command.name, url.error());
        auto sent = sqs.send_message(*url, body, options);
        if (!sent) return failure(command.name, sent.error());
        JsonWriter json;
        json.begin_object()
            .member("queue_url", *url)
            .member("message_id", sent->message_id)
            .member("md5_of_body", sent->md5_of_body)
            .member_if_set("sequence_number", sent->sequence_number)
            .end_object();
        return print_json(json);
    });
}

// One message body per non-empty line (a trailing CR is dropped), each with its line number.
struct BatchLine {
    std::size_t line = 0;
    std::string body;
};

awsrest::Result<std::vector<BatchLine>> read_batch_lines(const std::string& source) {
    auto text = read_input(source, kMaxBatchInputBytes);
    if (!text) return std::move(text).error();
    const std::string name = source == "-" ? "<stdin>" : source;
    std::vector<BatchLine> lines;
    std::string_view rest = *text;
    for (std::size_t number = 1; !rest.empty(); ++number) {
        const auto end = rest.find('\n');
        std::string_view line = rest.substr(0, end);
        rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty()) continue;
        if (line.size() > awsrest::kSqsMaxPayloadBytes) {
            return awsrest::make_error(awsrest::ErrorKind::InvalidArgument,
                                       name + " line " + std::to_string(number) + ": longer than SQS's " +
                                           std::to_string(awsrest::kSqsMaxPayloadBytes) + "-byte message limit");
        }
        if (auto valid = awsrest::validate_sqs_message_body(line); !valid) {
            return awsrest::make_error(awsrest::ErrorKind::InvalidArgument,
                                       name + " line " + std::to_string(number) + ": " + valid.error().message);
        }
        lines.push_back({number, std::string(line)});
    }
    return lines;
}

// Consecutive lines in batches SQS takes: at most 10 entries and 256 KiB of bodies.
std::vector<std::vector<awsrest::SqsSendEntry>> make_batches(const std::vector<BatchLine>& lines,
                                                             const std::string& message_group_id) {
    std::vector<std::vector<awsrest::SqsSendEntry>> batches;
    std::size_t batch_bytes = 0;
    for (const auto& line : lines) {
        if (batches.empty() || batches.back().size() == awsrest::kSqsMaxBatchEntries ||
            batch_bytes + line.body.size() > awsrest::kSqsMaxPayloadBytes) {
            batches.emplace_back();
            batch_bytes = 0;
        }
        awsrest::SqsSendEntry entry;
        entry.id = "line-" + std::to_string(line.line);
        entry.body = line.body;
        entry.options.message_group_id = message_group_id;
        batches.back().push_back(std::move(entry));
        batch_bytes += line.body.size();
    }
    return batches;
}

int send_batch(const Command& command) {
    const auto& args = command.args;
    if (auto error = queue_option_error(args); !error.empty()) return usage_error(command.name, error);
    if (args.operands().size() > 1) return usage_error(command.name, "expected at most one FILE");
    const std::string source = args.operands().empty() ? "-" : args.operands().front();
    auto lines = read_batch_lines(source);
    if (!lines) return failure(command.name, lines.error());
    const auto batches = make_batches(*lines, args.value_or("message-group-id", ""));
    return with_sqs(command, [&](awsrest::SqsClient& sqs) {
        auto url = queue_url(args, sqs);
        if (!url) return failure(command.name, url.error());
        awsrest::SqsSendBatchResult all;
        std::optional<awsrest::Error> stopped;
        for (const auto& batch : batches) {
            auto result = sqs.send_message_batch(*url, batch);
            if (!result) {
                stopped = std::move(result).error();
                break;
            }
            for (auto& sent : result->successful) all.successful.push_back(std::move(sent));
            for (auto& failed : result->failed) all.failed.push_back(std::move(failed));
        }
        std::map<std::string, std::int64_t> lines_by_id;
        for (const auto& line : *lines) {
            lines_by_id["line-" + std::to_string(line.line)] = static_cast<std::int64_t>(line.line);
        }
        const auto line_of = [&](const std::string& id) -> std::int64_t {
            auto it = lines_by_id.find(id);
            return it == lines_by_id.end() ? 0 : it->second;
        };
        JsonWriter json;
        json.begin_object().member("queue_url", *url);
        json.key("successful").begin_array();
        for (const auto& sent : all.successful) {
            json.begin_object()
                .member("id", sent.id)
                .member_integer("line", line_of(sent.id))
                .member("message_id", sent.message_id)
                .member("md5_of_body", sent.md5_of_body)
                .member_if_set("sequence_number", sent.sequence_number)
                .end_object();
        }
        json.end_array().key("failed").begin_array();
        for (const auto& failed : all.failed) {
            json.begin_object()
                .member("id", failed.id)
                .member_integer("line", line_of(failed.id))
                .member("code", failed.code)
                .member("message", failed.message)
                .member_bool("sender_fault", failed.sender_fault)
                .end_object();
        }
        json.end_array().end_object();
        const int printed = print_json(json);
        if (stopped) return failure(command.name, *stopped);
        if (!all.failed.empty()) {
            std::cerr << "awsrest-cli " << command.name << ": " << all.failed.size() << " of " << lines->size()
                      << " messages were not sent\n";
            return kExitFailed;
        }
        return printed;
    });
}

void write_message(JsonWriter& json, const awsrest::SqsMessage& message) {
    json.member("message_id", message.message_id)
        .member("receipt_handle", message.receipt_handle)
        .member("body", message.body)
        .member("md5_of_body", message.md5_of_body)
        .member_map("attributes", message.attributes);
}

int receive(const Command& command) {
    const auto& args = command.args;
    if (auto error = queue_option_error(args); !error.empty()) return usage_error(command.name, error);
    awsrest::SqsReceiveOptions options;
    auto max = int_option(args, "max", 1, awsrest::kSqsMaxReceiveMessages);
    auto wait = int_option(args, "wait", 0, awsrest::kSqsMaxWaitTimeSeconds);
    auto visibility = int_option(args, "visibility", 0, awsrest::kSqsMaxVisibilityTimeoutSeconds);
    for (const auto* option : {&max, &wait, &visibility}) {
        if (!*option) return usage_error(command.name, option->error().message);
    }
    options.max_messages = max->value_or(1);
    options.wait_time_seconds = *wait;
    options.visibility_timeout = *visibility;
    options.attribute_names = split_list(args.value_or("attributes", ""));
    return with_sqs(command, [&](awsrest::SqsClient& sqs) {
        auto url = queue_url(args, sqs);
        if (!url) return failure(command.name, url.error());
        auto received = sqs.receive_message(*url, options);
        if (!received) return failure(command.name, received.error());
        JsonWriter json;
        json.begin_object().member("queue_url", *url).key("messages").begin_array();
        for (const auto& message : received->messages) {
            json.begin_object();
            write_message(json, message);
            json.end_object();
        }
        json.end_array().key("rejected").begin_array();
        for (const auto& rejected : received->rejected) {
            json.begin_object();
            write_message(json, rejected.message);
            json.member("error", rejected.error.describe()).end_object();
        }
        json.end_array().end_object();
        const int printed = print_json(json);
        if (!received->rejected.empty()) {
            std::cerr << "awsrest-cli " << command.name << ": " << received->rejected.size()
                      << " messages failed their MD5 check (listed under \"rejected\")\n";
            return kExitFailed;
        }
        return printed;
    });
}

int delete_message(const Command& command) {
    const auto& args = command.args;
    if (auto error = queue_option_error(args); !error.empty()) return usage_error(command.name, error);
    auto handle = args.value("receipt-handle");
    if (!handle) return usage_error(command.name, "--receipt-handle is required");
    return with_sqs(command, [&](awsrest::SqsClient& sqs) {
        auto url = queue_url(args, sqs);
        if (!url) return failure(command.name, url.error());
        auto deleted = sqs.delete_message(*url, *handle);
        if (!deleted) return failure(command.name, deleted.error());
        JsonWriter json;
        json.begin_object().member("queue_url", *url).member_bool("deleted", true).end_object();
        return print_json(json);
    });
}

int attributes(const Command& command) {
    const auto& args = command.args;
    if (auto error = queue_option_error(args); !error.empty()) return usage_error(command.name, error);
    auto names = split_list(args.value_or("names", "All"));
    if (names.empty()) return usage_error(command.name, "--names needs at least one attribute name");
    return with_sqs(command, [&](awsrest::SqsClient& sqs) {
        auto url = queue_url(args, sqs);
        if (!url) return failure(command.name, url.error());
        auto attributes = sqs.get_queue_attributes(*url, names);
        if (!attributes) return failure(command.name, attributes.error());
        JsonWriter json;
        json.begin_object().member("queue_url", *url).member_map("attributes", *attributes).end_object();
        return print_json(json);
    });
}

}  // namespace

int run_sqs(int argc, char** argv) {
    static const std::vector<Subcommand> subcommands = {
        {"create-queue", {{"queue"}, {"attribute"}, {"protocol"}}, create_queue},
        {"send",
         queue_options(
             {{"body"}, {"body-file"}, {"delay-seconds"}, {"message-group-id"}, {"message-deduplication-id"}}),
         send},
        {"send-batch", queue_options({{"message-group-id"}}), send_batch},
        {"receive", queue_options({{"max"}, {"wait"}, {"visibility"}, {"attributes"}}), receive},
        {"delete", queue_options({{"receipt-handle"}}), delete_message},
        {"attributes", queue_options({{"names"}}), attributes},
    };
    return run_group("sqs", subcommands, argc, argv);
}

}  // namespace cli
