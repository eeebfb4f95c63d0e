// CloudWatchLogsClient: the calls through AwsClient, creating what is missing once.
#include "awsrest/logs.hpp"
#include "logs/logs_json.hpp"

namespace awsrest {

using namespace logs;

namespace {

constexpr std::string_view kSigningName = "logs";

Error invalid(std::string_view action, const std::string& what) {
    return make_error(ErrorKind::InvalidArgument, operation_name(action) + ": " + what);
}

Result<void> check_group(std::string_view action, std::string_view group) {
    if (is_log_group_name(group)) return {};
    return invalid(action, "the log group name '" + std::string(group.substr(0, 80)) + "' is not 1 to " +
                               std::to_string(kMaxLogGroupNameBytes) + " of [.-_/#A-Za-z0-9]");
}

Result<void> check_stream(std::string_view action, std::string_view stream) {
    if (is_log_stream_name(stream)) return {};
    return invalid(action, "the log stream name '" + std::string(stream.substr(0, 80)) + "' is not 1 to " +
                               std::to_string(kMaxLogStreamNameBytes) + " UTF-8 bytes without ':' or '*'");
}

bool already_exists(const Error& error) { return error.code == "ResourceAlreadyExistsException"; }

}  // namespace

CloudWatchLogsClient::CloudWatchLogsClient(AwsClient& client, ServiceEndpoint endpoint)
    : client_(client), endpoint_(std::move(endpoint)) {
    if (endpoint_.signing_name.empty()) endpoint_.signing_name = std::string(kSigningName);
}

Result<std::string> CloudWatchLogsClient::send(std::string_view action, std::string body) {
    Request request;
    request.method = "POST";
    request.path = endpoint_.endpoint.base_path + "/";
    set_header(request.headers, "Content-Type", std::string(kJsonContentType));
    set_header(request.headers, "X-Amz-Target", std::string(kTargetPrefix) + std::string(action));
    request.body = std::move(body);
    CallOptions options;
    options.operation = operation_name(action);
    options.region = endpoint_.region;
    options.service = endpoint_.signing_name;
    return client_.call(endpoint_.endpoint, request, options).transform([](Response&& response) {
        return std::move(response.body);
    });
}

Result<void> CloudWatchLogsClient::create_log_group(std::string_view group) {
    if (auto ok = check_group("CreateLogGroup", group); !ok) return ok;
    auto answer = send("CreateLogGroup", json_create_log_group(group));
    if (!answer && !already_exists(answer.error())) return std::move(answer).error();
    return {};
}

Result<void> CloudWatchLogsClient::create_log_stream(std::string_view group, std::string_view stream) {
    if (auto ok = check_group("CreateLogStream", group); !ok) return ok;
    if (auto ok = check_stream("CreateLogStream", stream); !ok) return ok;
    auto answer = send("CreateLogStream", json_create_log_stream(group, stream));
    if (!answer && !already_exists(answer.error())) return std::move(answer).error();
    return {};
}

Result<PutLogEventsResult> CloudWatchLogsClient::put_log_events(std::string_view group, std::string_view stream,
                                                                const std::vector<LogEvent>& batch) {
    constexpr std::string_view kAction = "PutLogEvents";
    if (auto ok = check_group(kAction, group); !ok) return std::move(ok).error();
    if (auto ok = check_stream(kAction, stream); !ok) return std::move(ok).error();
    if (auto problem = log_batch_problem(batch); !problem.empty()) {
        return invalid(kAction, problem + " (batch_log_events cuts batches CloudWatch Logs takes)");
    }
    auto answer = send(kAction, json_put_log_events(group, stream, batch));
    if (!answer) return std::move(answer).error();
    return parse_put_log_events(*answer, batch.size());
}

Result<PutLogEventsResult> CloudWatchLogsClient::deliver_log_events(std::string_view group, std::string_view stream,
                                                                    const std::vector<LogEvent>& batch,
                                                                    std::size_t* requests) {
    std::size_t calls = 1;
    auto put = put_log_events(group, stream, batch);
    if (!put && put.error().code == "ResourceNotFoundException") {
        // The group or the stream is missing (never made, or deleted): make both, once.
        calls += 2;
        if (auto made = create_log_group(group); !made) {
            if (requests != nullptr) *requests += calls - 1;
            return std::move(made).error();
        }
        if (auto made = create_log_stream(group, stream); !made) {
            if (requests != nullptr) *requests += calls;
            return std::move(made).error();
        }
        ++calls;
        put = put_log_events(group, stream, batch);
    }
    if (requests != nullptr) *requests += calls;
    return put;
}

Result<LogPublishResult> CloudWatchLogsClient::publish(std::string_view group, std::string_view stream,
                                                       std::vector<LogEvent> events) {
    LogBatches batches = batch_log_events(std::move(events));
    LogPublishResult result;
    result.cut_events = batches.cut_events;
    result.repaired_events = batches.repaired_events;
    result.blank_events = batches.blank_events;
    for (const auto& batch : batches.batches) {
        auto put = deliver_log_events(group, stream, batch, &result.requests);
        if (!put) return std::move(put).error();
        ++result.batches;
        result.events += batch.size();
        for (const auto& event : batch) result.message_bytes += event.message.size();
        result.answer.accepted += put->accepted;
        result.answer.too_old += put->too_old;
        result.answer.expired += put->expired;
        result.answer.too_new += put->too_new;
    }
    return result;
}

Result<LogStreamPage> CloudWatchLogsClient::describe_log_streams(std::string_view group, std::string_view prefix,
                                                                 std::string_view next_token) {
    if (auto ok = check_group("DescribeLogStreams", group); !ok) return std::move(ok).error();
    auto answer = send("DescribeLogStreams", json_describe_log_streams(group, prefix, next_token));
    if (!answer) return std::move(answer).error();
    return parse_describe_log_streams(*answer);
}

Result<LogEventPage> CloudWatchLogsClient::get_log_events(std::string_view group, std::string_view stream,
                                                          const GetLogEventsOptions& options) {
    if (auto ok = check_group("GetLogEvents", group); !ok) return std::move(ok).error();
    if (auto ok = check_stream("GetLogEvents", stream); !ok) return std::move(ok).error();
    if (options.limit < 0 || options.limit > static_cast<int>(kMaxLogEventsPerAnswer)) {
        return invalid("GetLogEvents", "limit is 1 to " + std::to_string(kMaxLogEventsPerAnswer));
    }
    auto answer = send("GetLogEvents", json_get_log_events(group, stream, options));
    if (!answer) return std::move(answer).error();
    return parse_get_log_events(*answer);
}

}  // namespace awsrest
