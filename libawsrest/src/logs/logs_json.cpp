#include "logs/logs_json.hpp"

#include <rapidjson/writer.h>

#include <optional>

#include "core/json_fields.hpp"

namespace awsrest::logs {

namespace {

using json::JsonFields;
using json::JsonNode;
using json::Need;

struct StringOutput {
    using Ch = char;
    std::string& out;
    void Put(char c) { out.push_back(c); }
    void Flush() {}
};

// A JSON string through RapidJSON's writer (escaping), written as a root value so the
// writer's level stack is never used (see sqs_json_request.cpp).
void quoted(std::string& out, std::string_view value) {
    StringOutput output{out};
    rapidjson::Writer<StringOutput> writer(output);
    writer.String(value.empty() ? "" : value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

void member(std::string& out, std::string_view name, std::string_view value) {
    if (out.size() > 1) out.push_back(',');
    quoted(out, name);
    out.push_back(':');
    quoted(out, value);
}

void raw_member(std::string& out, std::string_view name, std::string_view raw) {
    if (out.size() > 1) out.push_back(',');
    quoted(out, name);
    out.push_back(':');
    out += raw;
}

std::string group_and_stream(std::string_view group, std::string_view stream) {
    std::string out = "{";
    member(out, "logGroupName", group);
    member(out, "logStreamName", stream);
    return out;
}

JsonFields fields_of(std::string_view action) {
    return JsonFields(operation_name(action), "CloudWatch Logs", kMaxLogsAnswerBytes);
}

// An answer's body; CloudWatch Logs answers some calls with no body at all.
std::string_view answer_text(std::string_view body) { return body.empty() ? std::string_view("{}") : body; }

}  // namespace

std::string json_create_log_group(std::string_view group) {
    std::string out = "{";
    member(out, "logGroupName", group);
    out.push_back('}');
    return out;
}

std::string json_create_log_stream(std::string_view group, std::string_view stream) {
    return group_and_stream(group, stream) + "}";
}

std::string json_put_log_events(std::string_view group, std::string_view stream, const std::vector<LogEvent>& batch) {
    std::string out = group_and_stream(group, stream);
    std::size_t bytes = 0;
    for (const auto& event : batch) bytes += event.message.size() + 40;
    out.reserve(out.size() + bytes + 16);
    out += ",\"logEvents\":[";
    for (std::size_t i = 0; i < batch.size(); ++i) {
        if (i > 0) out.push_back(',');
        out += "{\"timestamp\":";
        out += std::to_string(batch[i].timestamp_ms);
        out += ",\"message\":";
        quoted(out, batch[i].message);
        out.push_back('}');
    }
    out += "]}";
    return out;
}

std::string json_describe_log_streams(std::string_view group, std::string_view prefix, std::string_view next_token) {
    std::string out = "{";
    member(out, "logGroupName", group);
    if (!prefix.empty()) member(out, "logStreamNamePrefix", prefix);
    if (!next_token.empty()) member(out, "nextToken", next_token);
    out.push_back('}');
    return out;
}

std::string json_get_log_events(std::string_view group, std::string_view stream, const GetLogEventsOptions& options) {
    std::string out = group_and_stream(group, stream);
    raw_member(out, "startFromHead", options.start_from_head ? "true" : "false");
    if (options.limit > 0) raw_member(out, "limit", std::to_string(options.limit));
    if (!options.next_token.empty()) member(out, "nextToken", options.next_token);
    out.push_back('}');
    return out;
}

Result<PutLogEventsResult> parse_put_log_events(std::string_view body, std::size_t events) {
    JsonFields fields = fields_of("PutLogEvents");
    JsonNode root;
    if (!fields.load(root, answer_text(body))) return fields.error();
    (void)fields.string(root, "nextSequenceToken", "", Need::Optional);
    PutLogEventsResult result;
    const JsonNode* info = fields.object(root, "rejectedLogEventsInfo", "", 8);
    if (fields.failed()) return fields.error();
    std::size_t head = 0;       // events [0, head) refused as too old or expired
    std::size_t tail = events;  // events [tail, events) refused as too new
    if (info != nullptr) {
        const auto index = [&](std::string_view name, std::int64_t low) -> std::size_t {
            auto value = fields.integer(*info, name, "rejectedLogEventsInfo.", Need::Optional);
            if (!value) return static_cast<std::size_t>(-1);
            if (*value < low || static_cast<std::uint64_t>(*value) > events) {
                fields.fail("rejectedLogEventsInfo." + std::string(name) + " " + std::to_string(*value) +
                            " is outside the batch of " + std::to_string(events) + " events");
                return static_cast<std::size_t>(-1);
            }
            return static_cast<std::size_t>(*value);
        };
        const std::size_t none = static_cast<std::size_t>(-1);
        const std::size_t too_old_end = index("tooOldLogEventEndIndex", 0);
        const std::size_t expired_end = index("expiredLogEventEndIndex", 0);
        const std::size_t too_new_start = index("tooNewLogEventStartIndex", 0);
        if (fields.failed()) return fields.error();
        // The end indexes are exclusive (events before them were refused); expired ones are
        // counted apart from the too-old ones that they overlap.
        const std::size_t old_end = too_old_end == none ? 0 : too_old_end;
        const std::size_t gone_end = expired_end == none ? 0 : expired_end;
        head = std::max(old_end, gone_end);
        result.expired = gone_end;
        result.too_old = head - gone_end;
        if (too_new_start != none) tail = std::max(too_new_start, head);
        result.too_new = events - tail;
    }
    if (fields.failed()) return fields.error();
    result.accepted = tail - head;
    return result;
}

Result<LogStreamPage> parse_describe_log_streams(std::string_view body) {
    JsonFields fields = fields_of("DescribeLogStreams");
    JsonNode root;
    if (!fields.load(root, answer_text(body))) return fields.error();
    LogStreamPage page;
    if (const JsonNode* streams = fields.array(root, "logStreams", "", kMaxLogStreamsPerAnswer)) {
        for (std::size_t i = 0; i < streams->items.size(); ++i) {
            const JsonNode* entry = fields.entry(*streams, "logStreams", i);
            if (entry == nullptr) break;
            const JsonNode& item = *entry;
            const std::string where = JsonFields::element("logStreams", i);
            LogStreamInfo info;
            info.name = fields.string(item, "logStreamName", where, Need::Required);
            info.creation_time_ms = fields.integer(item, "creationTime", where, Need::Optional).value_or(0);
            info.first_event_ms = fields.integer(item, "firstEventTimestamp", where, Need::Optional);
            info.last_event_ms = fields.integer(item, "lastEventTimestamp", where, Need::Optional);
            info.stored_bytes = fields.integer(item, "storedBytes", where, Need::Optional).value_or(0);
            page.streams.push_back(std::move(info));
        }
    }
    page.next_token = fields.string(root, "nextToken", "", Need::Optional);
    if (fields.failed()) return fields.error();
    return page;
}

Result<LogEventPage> parse_get_log_events(std::string_view body) {
    JsonFields fields = fields_of("GetLogEvents");
    JsonNode root;
    if (!fields.load(root, answer_text(body))) return fields.error();
    LogEventPage page;
    if (const JsonNode* events = fields.array(root, "events", "", kMaxLogEventsPerAnswer)) {
        page.events.reserve(events->items.size());
        for (std::size_t i = 0; i < events->items.size(); ++i) {
            const JsonNode* entry = fields.entry(*events, "events", i);
            if (entry == nullptr) break;
            const JsonNode& item = *entry;
            const std::string where = JsonFields::element("events", i);
            LogEvent event;
            event.timestamp_ms = fields.integer(item, "timestamp", where, Need::Required).value_or(0);
            event.message = fields.string(item, "message", where, Need::Required);
            if (fields.failed()) break;
            page.events.push_back(std::move(event));
        }
    }
    page.next_forward_token = fields.string(root, "nextForwardToken", "", Need::Optional);
    page.next_backward_token = fields.string(root, "nextBackwardToken", "", Need::Optional);
    if (fields.failed()) return fields.error();
    return page;
}

}  // namespace awsrest::logs
