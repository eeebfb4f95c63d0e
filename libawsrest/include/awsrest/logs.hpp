// Amazon CloudWatch Logs over the AWS JSON 1.1 protocol (POST / with
// X-Amz-Target: Logs_20140328.<Action>, signing name "logs"): log groups and streams,
// PutLogEvents, and a batcher that cuts any sequence of events into batches CloudWatch
// Logs never rejects for their shape.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "awsrest/aws_client.hpp"
#include "awsrest/endpoints.hpp"
#include "awsrest/result.hpp"

namespace awsrest {

// PutLogEvents' limits (API reference).
inline constexpr std::size_t kMaxLogBatchBytes = 1048576;  // UTF-8 message bytes + 26 per event
inline constexpr std::size_t kLogEventOverheadBytes = 26;
inline constexpr std::size_t kMaxLogBatchEvents = 10000;
inline constexpr std::size_t kMaxLogEventBytes = 262144;  // one event, its 26 bytes included
inline constexpr std::int64_t kMaxLogBatchSpanMs = 24LL * 3600 * 1000;
inline constexpr std::size_t kMaxLogGroupNameBytes = 512;   // [.\-_/#A-Za-z0-9]+
inline constexpr std::size_t kMaxLogStreamNameBytes = 512;  // anything but ':' and '*'
// GetLogEvents and DescribeLogStreams answer at most this many per page.
inline constexpr std::size_t kMaxLogEventsPerAnswer = 10000;
inline constexpr std::size_t kMaxLogStreamsPerAnswer = 50;

struct LogEvent {
    std::int64_t timestamp_ms = 0;  // Unix milliseconds
    std::string message;            // UTF-8, at least 1 byte
};

// What batch_log_events did to the events, besides sorting and cutting into batches.
struct LogBatches {
    std::vector<std::vector<LogEvent>> batches;
    // For each batch, where each of its events was in the input (so a caller knows which
    // of its own records a batch that was accepted carried).
    std::vector<std::vector<std::size_t>> positions;
    std::size_t cut_events = 0;       // messages over kMaxLogEventBytes - 26, cut at a UTF-8 boundary
    std::size_t repaired_events = 0;  // messages with invalid UTF-8, each bad byte made U+FFFD
    std::size_t blank_events = 0;     // empty messages, sent as one space (CloudWatch refuses "")
};

// Size of one event in PutLogEvents' count: its message's bytes + 26.
inline std::size_t log_event_size(const LogEvent& event) noexcept {
    return event.message.size() + kLogEventOverheadBytes;
}

// Sorts `events` by time (stable: equal times keep their order), makes each message
// sendable (valid UTF-8, not empty, at most kMaxLogEventBytes with its overhead) and cuts
// them into batches of at most kMaxLogBatchEvents events and kMaxLogBatchBytes bytes that
// span at most kMaxLogBatchSpanMs. Nothing is dropped; every change is counted.
LogBatches batch_log_events(std::vector<LogEvent> events);

// Why a batch is not sendable as it is (empty when it is): the first broken limit, named.
std::string log_batch_problem(const std::vector<LogEvent>& batch);

// The log group and stream name rules, checked before anything is sent.
bool is_log_group_name(std::string_view name) noexcept;
bool is_log_stream_name(std::string_view name) noexcept;

// PutLogEvents' answer: events CloudWatch Logs accepted, and those it refused by time
// (rejectedLogEventsInfo; the batch is sorted, so those are a head and a tail).
struct PutLogEventsResult {
    std::size_t accepted = 0;
    std::size_t too_old = 0;  // before tooOldLogEventEndIndex: older than 14 days
    std::size_t expired = 0;  // before expiredLogEventEndIndex: older than the group's retention
    std::size_t too_new = 0;  // from tooNewLogEventStartIndex on: more than 2 h in the future
    std::size_t rejected() const noexcept { return too_old + expired + too_new; }
};

struct LogStreamInfo {
    std::string name;
    std::int64_t creation_time_ms = 0;
    std::optional<std::int64_t> first_event_ms;
    std::optional<std::int64_t> last_event_ms;
    std::int64_t stored_bytes = 0;
};

struct LogStreamPage {
    std::vector<LogStreamInfo> streams;
    std::string next_token;  // empty: the last page
};

struct GetLogEventsOptions {
    bool start_from_head = true;
    int limit = 0;           // 0: CloudWatch's default (up to 10,000 events or 1 MB)
    std::string next_token;  // a token from a previous page
};

struct LogEventPage {
    std::vector<LogEvent> events;
    std::string next_forward_token;
    std::string next_backward_token;
};

// What publish did: requests, events sent, and events refused (by time, or by the batcher's changes).
struct LogPublishResult {
    std::size_t requests = 0;
    std::size_t batches = 0;
    std::size_t events = 0;
    std::size_t message_bytes = 0;
    PutLogEventsResult answer;  // summed over the batches
    std::size_t cut_events = 0;
    std::size_t repaired_events = 0;
    std::size_t blank_events = 0;
};

class CloudWatchLogsClient {
  public:
    CloudWatchLogsClient(AwsClient& client, ServiceEndpoint endpoint);

    // ResourceAlreadyExistsException is success.
    Result<void> create_log_group(std::string_view group);
    Result<void> create_log_stream(std::string_view group, std::string_view stream);

    // One PutLogEvents; refuses a batch that breaks a limit (log_batch_problem) before
    // sending it. No sequence token (ignored by CloudWatch Logs since 2023).
    Result<PutLogEventsResult> put_log_events(std::string_view group, std::string_view stream,
                                              const std::vector<LogEvent>& batch);

    // put_log_events; on ResourceNotFoundException creates the group and the stream and
    // tries once more. `requests` (when given) counts the HTTP calls made.
    Result<PutLogEventsResult> deliver_log_events(std::string_view group, std::string_view stream,
                                                  const std::vector<LogEvent>& batch, std::size_t* requests = nullptr);

    // batch_log_events, then deliver_log_events per batch, in order; stops at the first failure.
    Result<LogPublishResult> publish(std::string_view group, std::string_view stream, std::vector<LogEvent> events);

    Result<LogStreamPage> describe_log_streams(std::string_view group, std::string_view prefix = {},
                                               std::string_view next_token = {});
    Result<LogEventPage> get_log_events(std::string_view group, std::string_view stream,
                                        const GetLogEventsOptions& options = {});

  private:
    Result<std::string> send(std::string_view action, std::string body);

    AwsClient& client_;
    ServiceEndpoint endpoint_;
};

}  // namespace awsrest
