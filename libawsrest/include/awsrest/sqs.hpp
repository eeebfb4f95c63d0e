// Amazon SQS: the queue calls niamd needs, over the AWS JSON 1.0 protocol (the default)
// or the older AWS Query protocol (form body, XML answers), with no SDK.
//
// Every request is POST to the endpoint root with the queue URL inside the body, which
// both AWS and local emulators accept. Message bodies are checked before sending (only
// the characters SQS allows, at most kSqsMaxPayloadBytes) and the MD5 digests SQS
// returns are checked against the bodies sent and received.
#pragma once

#include <atomic>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "awsrest/aws_client.hpp"
#include "awsrest/endpoints.hpp"
#include "awsrest/result.hpp"

namespace awsrest {

enum class SqsProtocol {
    Json,   // POST /, application/x-amz-json-1.0, X-Amz-Target: AmazonSQS.<Action>
    Query,  // POST /, form body Action=...&Version=2012-11-05, XML answers
};

// SQS limits, checked before a request is sent (InvalidArgument naming the limit).
inline constexpr std::size_t kSqsMaxBatchEntries = 10;
inline constexpr std::size_t kSqsMaxPayloadBytes = 256 * 1024;  // one message, or a whole batch
inline constexpr std::size_t kSqsMaxQueueNameBytes = 80;
inline constexpr std::size_t kSqsMaxBatchIdBytes = 80;
inline constexpr int kSqsMaxReceiveMessages = 10;
inline constexpr int kSqsMaxWaitTimeSeconds = 20;
inline constexpr int kSqsMaxVisibilityTimeoutSeconds = 43200;  // 12 hours
inline constexpr int kSqsMaxDelaySeconds = 900;

// Queue attributes ("VisibilityTimeout" -> "30") and message system attributes
// ("SentTimestamp" -> "1238099229000", "ApproximateReceiveCount" -> "5").
using SqsAttributes = std::map<std::string, std::string>;

struct SqsSendOptions {
    std::optional<int> delay_seconds;      // 0..kSqsMaxDelaySeconds
    std::string message_group_id;          // FIFO queues; empty: not sent
    std::string message_deduplication_id;  // FIFO queues; empty: not sent
};

struct SqsSendResult {
    std::string message_id;
    std::string md5_of_body;      // lowercase hex, verified against the body sent
    std::string sequence_number;  // FIFO queues only
};

struct SqsSendEntry {
    std::string id;  // unique in the batch: 1..80 of [A-Za-z0-9_-]
    std::string body;
    SqsSendOptions options;
};

// An entry SQS (or the MD5 check) refused. Nothing is hidden: every entry sent appears
// either in `successful` or in `failed`.
struct SqsBatchFailure {
    std::string id;
    std::string code;  // SQS's code, or "MD5OfMessageBodyMismatch" / "MissingFromResponse"
    std::string message;
    bool sender_fault = false;  // true: the entry itself is wrong, resending it won't help
};

struct SqsBatchSent {
    std::string id;
    std::string message_id;
    std::string md5_of_body;  // verified against the entry's body
    std::string sequence_number;
};

struct SqsSendBatchResult {
    std::vector<SqsBatchSent> successful;
    std::vector<SqsBatchFailure> failed;
};

struct SqsDeleteEntry {
    std::string id;  // unique in the batch: 1..80 of [A-Za-z0-9_-]
    std::string receipt_handle;
};

struct SqsDeleteBatchResult {
    std::vector<std::string> successful;  // ids
    std::vector<SqsBatchFailure> failed;
};

struct SqsReceiveOptions {
    int max_messages = 1;                   // 1..kSqsMaxReceiveMessages
    std::optional<int> wait_time_seconds;   // long polling, 0..20; unset: the queue's default
    std::optional<int> visibility_timeout;  // 0..43200 seconds; unset: the queue's default
    // System attributes to return with each message: {"All"}, or names such as
    // "SentTimestamp", "ApproximateReceiveCount". Sent as both MessageSystemAttributeNames
    // and the older AttributeNames, since servers read one or the other.
    std::vector<std::string> attribute_names;
    // Ends the (long-polling) call early when it turns true (CallOptions::cancel): a
    // Network error "cancelled"; the client's other calls are not affected. Not owned.
    const std::atomic<bool>* cancel = nullptr;
};

struct SqsMessage {
    std::string message_id;
    std::string receipt_handle;
    std::string body;
    std::string md5_of_body;  // as SQS sent it
    SqsAttributes attributes;
};

// A received message whose body does not match its MD5OfBody. It is not processed, but
// neither dropped: the receipt handle lets the caller delete it or let it become
// visible again (and reach a dead-letter queue).
struct SqsRejectedMessage {
    SqsMessage message;
    Error error;  // kind Parse, names the message id
};

// The outcome of a receive. `messages` holds only messages whose body matched its MD5, so
// a caller that reads `messages` alone never sees a corrupted body; a mismatch is reported
// in `rejected` instead of failing the whole receive, so one bad message cannot keep the
// good ones invisible until their visibility timeout runs out.
struct SqsReceiveResult {
    std::vector<SqsMessage> messages;
    std::vector<SqsRejectedMessage> rejected;
};

// Checks a message body before sending: not empty, valid UTF-8, and only the characters
// SQS allows (#x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF). The
// InvalidArgument error names the byte offset of the first offending byte.
Result<void> validate_sqs_message_body(std::string_view body);

class SqsClient {
  public:
    // `aws` must outlive this client. endpoint.signing_name is normally "sqs".
    SqsClient(AwsClient& aws, ServiceEndpoint endpoint, SqsProtocol protocol = SqsProtocol::Json);

    SqsProtocol protocol() const noexcept { return protocol_; }

    // Get-or-create: SQS returns the existing queue's URL when a queue of that name exists
    // with the same attributes; with different attributes it answers QueueAlreadyExists
    // (a Service error), which is passed on rather than papered over.
    Result<std::string> create_queue(std::string_view queue_name, const SqsAttributes& attributes = {});
    Result<std::string> get_queue_url(std::string_view queue_name);

    // A returned MD5OfMessageBody that differs from the MD5 of `body` is a Parse error
    // naming the message id.
    Result<SqsSendResult> send_message(std::string_view queue_url, std::string_view body,
                                       const SqsSendOptions& options = {});
    // 1..kSqsMaxBatchEntries entries, at most kSqsMaxPayloadBytes of bodies in total.
    // Entries SQS refused, and entries whose MD5 does not match, are in `failed`.
    Result<SqsSendBatchResult> send_message_batch(std::string_view queue_url, const std::vector<SqsSendEntry>& entries);

    Result<SqsReceiveResult> receive_message(std::string_view queue_url, const SqsReceiveOptions& options = {});

    Result<void> delete_message(std::string_view queue_url, std::string_view receipt_handle);
    Result<SqsDeleteBatchResult> delete_message_batch(std::string_view queue_url,
                                                      const std::vector<SqsDeleteEntry>& entries);
    Result<void> change_message_visibility(std::string_view queue_url, std::string_view receipt_handle,
                                           int visibility_timeout_seconds);

    // names: {"All"} or e.g. {"ApproximateNumberOfMessages", "QueueArn"}.
    Result<SqsAttributes> get_queue_attributes(std::string_view queue_url,
                                               const std::vector<std::string>& names = {"All"});

  private:
    struct Call;
    Result<std::string> send(const Call& call);

    AwsClient& aws_;
    ServiceEndpoint endpoint_;
    SqsProtocol protocol_;
};

}  // namespace awsrest
