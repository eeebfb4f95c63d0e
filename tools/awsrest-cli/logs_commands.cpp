// awsrest-cli logs create-group | create-stream | put-events | get-events | describe-streams
#include <awsrest/logs.hpp>

#include <chrono>
#include <cstdlib>

#include "commands.hpp"
#include "common.hpp"
#include "service_context.hpp"
#include "subcommands.hpp"

namespace cli {

namespace {

// Largest input put-events reads (each line is an event; batches are cut as they must be).
constexpr std::size_t kMaxEventsInputBytes = 256 * 1024 * 1024;
// Most events get-events prints, across pages.
constexpr int kMaxEventsPrinted = 1000000;

bool operands(const Command& command, std::size_t count, const char* names) {
    if (command.args.operands().size() == count) return true;
    usage_error(command.name, std::string("expects ") + names);
    return false;
}

awsrest::Result<awsrest::CloudWatchLogsClient> logs_client(ServiceContext& context) {
    auto endpoint = context.endpoint("logs");
    if (!endpoint) return std::move(endpoint).error();
    return awsrest::CloudWatchLogsClient(context.aws(), *endpoint);
}

int create_group(const Command& command) {
    if (!operands(command, 1, "GROUP")) return kExitUsage;
    const auto& group = command.args.operands()[0];
    ServiceContext context(command.args);
    auto logs = logs_client(context);
    if (!logs) return failure(command.name, logs.error());
    if (auto made = logs->create_log_group(group); !made) return failure(command.name, made.error());
    JsonWriter json;
    json.begin_object().member("log_group", group).end_object();
    return print_json(json);
}

int create_stream(const Command& command) {
    if (!operands(command, 2, "GROUP STREAM")) return kExitUsage;
    const auto& group = command.args.operands()[0];
    const auto& stream = command.args.operands()[1];
    ServiceContext context(command.args);
    auto logs = logs_client(context);
    if (!logs) return failure(command.name, logs.error());
    if (auto made = logs->create_log_stream(group, stream); !made) return failure(command.name, made.error());
    JsonWriter json;
    json.begin_object().member("log_group", group).member("log_stream", stream).end_object();
    return print_json(json);
}

int put_events(const Command& command) {
    if (!operands(command, 2, "GROUP STREAM")) return kExitUsage;
    const auto& args = command.args;
    const auto& group = args.operands()[0];
    const auto& stream = args.operands()[1];
    std::int64_t timestamp =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    if (auto text = args.value("timestamp")) {
        char* end = nullptr;
        const long long value = std::strtoll(text->c_str(), &end, 10);
        if (text->empty() || *end != '\0' || value < 0) {
            return usage_error(command.name, "--timestamp: '" + *text + "' is not Unix milliseconds");
        }
        timestamp = value;
    }
    auto input = read_input(args.value_or("file", "-"), kMaxEventsInputBytes);
    if (!input) return failure(command.name, input.error());
    std::vector<awsrest::LogEvent> events;
    std::string_view text = *input;
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        std::string_view line = text.substr(0, end);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        events.push_back({timestamp, std::string(line)});
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
    }
    if (events.empty()) return usage_error(command.name, "no lines to send");

    ServiceContext context(args);
    auto logs = logs_client(context);
    if (!logs) return failure(command.name, logs.error());
    auto published = logs->publish(group, stream, std::move(events));
    if (!published) return failure(command.name, published.error());
    const auto count = [](std::size_t n) { return static_cast<std::int64_t>(n); };
    JsonWriter json;
    json.begin_object()
        .member("log_group", group)
        .member("log_stream", stream)
        .member_integer("events", count(published->events))
        .member_integer("batches", count(published->batches))
        .member_integer("requests", count(published->requests))
        .member_integer("message_bytes", count(published->message_bytes))
        .member_integer("accepted", count(published->answer.accepted))
        .member_integer("too_old", count(published->answer.too_old))
        .member_integer("expired", count(published->answer.expired))
        .member_integer("too_new", count(published->answer.too_new))
        .member_integer("cut", count(published->cut_events))
        .member_integer("repaired", count(published->repaired_events))
        .member_integer("blank", count(published->blank_events))
        .end_object();
    return print_json(json);
}

int get_events(const Command& command) {
    if (!operands(command, 2, "GROUP STREAM")) return kExitUsage;
    const auto& group = command.args.operands()[0];
    const auto& stream = command.args.operands()[1];
    auto limit = int_option(command.args, "limit", 1, kMaxEventsPrinted);
    if (!limit) return usage_error(command.name, limit.error().message);
    const int wanted = limit->value_or(10000);
    ServiceContext context(command.args);
    auto logs = logs_client(context);
    if (!logs) return failure(command.name, logs.error());
    JsonWriter json;
    json.begin_object().member("log_group", group).member("log_stream", stream).key("events").begin_array();
    awsrest::GetLogEventsOptions options;
    int printed = 0;
    while (printed < wanted) {
        options.limit = std::min(wanted - printed, static_cast<int>(awsrest::kMaxLogEventsPerAnswer));
        auto page = logs->get_log_events(group, stream, options);
        if (!page) return failure(command.name, page.error());
        for (const auto& event : page->events) {
            json.begin_object()
                .member_integer("timestamp", event.timestamp_ms)
                .member("message", event.message)
                .end_object();
            ++printed;
        }
        // The last page: no events, or the same forward token again (as CloudWatch Logs ends).
        if (page->events.empty() || page->next_forward_token.empty() || page->next_forward_token == options.next_token)
            break;
        options.next_token = page->next_forward_token;
    }
    json.end_array().end_object();
    return print_json(json);
}

int describe_streams(const Command& command) {
    if (!operands(command, 1, "GROUP")) return kExitUsage;
    const auto& group = command.args.operands()[0];
    ServiceContext context(command.args);
    auto logs = logs_client(context);
    if (!logs) return failure(command.name, logs.error());
    JsonWriter json;
    json.begin_object().member("log_group", group).key("log_streams").begin_array();
    std::string token;
    for (int pages = 0; pages < 1000; ++pages) {
        auto page = logs->describe_log_streams(group, command.args.value_or("prefix", ""), token);
        if (!page) return failure(command.name, page.error());
        for (const auto& s : page->streams) {
            json.begin_object().member("name", s.name).member_integer("creation_time", s.creation_time_ms);
            if (s.last_event_ms) json.member_integer("last_event_timestamp", *s.last_event_ms);
            json.member_integer("stored_bytes", s.stored_bytes).end_object();
        }
        if (page->next_token.empty()) break;
        token = page->next_token;
    }
    json.end_array().end_object();
    return print_json(json);
}

}  // namespace

int run_logs(int argc, char** argv) {
    static const std::vector<Subcommand> subcommands = {
        {"create-group", {}, create_group},
        {"create-stream", {}, create_stream},
        {"put-events", {{"file"}, {"timestamp"}}, put_events},
        {"get-events", {{"limit"}}, get_events},
        {"describe-streams", {{"prefix"}}, describe_streams},
    };
    return run_group("logs", subcommands, argc, argv);
}

}  // namespace cli
