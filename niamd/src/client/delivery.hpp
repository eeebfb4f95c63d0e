// Delivery: drains the outbox onto the queue, oldest record first, packing the records of
// all sources into as few messages as fit. What fits in one message goes with one
// SendMessage (the steady state: one request per heartbeat, whatever the other sources
// made since the last one); a backlog (more than one message's worth, after an outage)
// goes with SendMessageBatch, as many messages per request as SQS takes. Records leave the
// outbox only once SQS accepted the message carrying them; the first failure ends the
// call and the rest waits for the next one.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include <awsrest/sqs.hpp>

#include "client/outbox.hpp"
#include "protocol/limits.hpp"

namespace niamd::client {

struct DeliveryReport {
    std::size_t sent = 0;          // messages that reached the queue in this call
    std::size_t records_sent = 0;  // records they carried
    std::size_t spooled = 0;       // records left in the outbox after it
    std::size_t requests = 0;      // SendMessage and SendMessageBatch calls made
    std::size_t failed = 0;        // batch entries SQS failed (server side): their records stay
    std::size_t refused = 0;       // batch entries SQS refused for good (sender fault): dropped, logged
    std::string error;             // the last failure, empty when none
};

// Since niamd started: what SQS did not take from a batch (sent as METRIC samples,
// client/outbox_metrics.hpp).
struct DeliveryTotals {
    std::uint64_t failed_entries = 0;   // batch entries SQS failed (server side), sent again later
    std::uint64_t refused_records = 0;  // records in messages SQS refused for good: dropped
};

class Delivery {
  public:
    // The queue is looked up (created when missing) on first use and after the queue
    // vanished; `sign` turns a body into what is sent (HMAC line; identity by default).
    Delivery(awsrest::SqsClient& sqs, std::string queue_name, Outbox& outbox);

    void set_signer(std::function<std::string(const std::string&)> sign) { sign_ = std::move(sign); }
    // Looks the queue up now (create-if-missing); the client calls it at start.
    awsrest::Result<std::string> queue_url();

    // Sends what the outbox holds; max_message_bytes: a body's bound before signing (the
    // client leaves room for the signature line when messages are signed).
    DeliveryReport deliver(std::size_t max_message_bytes = protocol::kMaxMessageBytes);
    // Only whole SendMessageBatch requests, while the outbox holds more than one request's
    // worth; nothing while the last call failed (the next deliver() tries again).
    DeliveryReport deliver_whole(std::size_t max_message_bytes = protocol::kMaxMessageBytes);
    const DeliveryTotals& totals() const noexcept { return totals_; }

  private:
    // One message: the outbox entries [first, end) joined by '\n'.
    struct Packed {
        std::string body;
        std::size_t first = 0;
        std::size_t end = 0;
    };
    Packed pack(std::size_t first, std::size_t max_bytes) const;
    // Sends the messages starting at the outbox's front; false when the call must end.
    // whole_only: no request unless it is full (the outbox holds more than it takes).
    bool send_batch(const std::string& url, std::size_t max_bytes, DeliveryReport& report, bool whole_only = false);
    void finish(DeliveryReport& report, bool backlog);
    void note_failure(const awsrest::Error& error, DeliveryReport& report);

    awsrest::SqsClient& sqs_;
    std::string queue_name_;
    Outbox& outbox_;
    std::string queue_url_;
    DeliveryTotals totals_;
    bool failing_ = false;    // the last call ended in a failure: its end is logged
    bool delivered_ = false;  // deliver() ran before (a first backlog is what the last run left)
    std::function<std::string(const std::string&)> sign_;
};

}  // namespace niamd::client
