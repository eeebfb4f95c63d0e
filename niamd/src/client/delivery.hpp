// Delivery: gets each cycle's messages onto the queue, or into the spool when SQS cannot
// be reached, and drains the spool oldest first with SendMessageBatch once it answers.
// While the spool holds anything, new messages queue behind it, so records arrive in the
// order they were produced. In steady state a cycle costs one SendMessage.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <awsrest/sqs.hpp>

#include "client/spool.hpp"

namespace niamd::client {

struct DeliveryReport {
    std::size_t sent = 0;     // messages that reached the queue in this call
    std::size_t spooled = 0;  // messages left in the spool after it
    std::string error;        // the last failure, empty when none
};

class Delivery {
public:
    // The queue is looked up (created when missing) on first use and after the queue
    // vanished; `sign` turns a body into what is sent (HMAC line; identity by default).
    Delivery(awsrest::SqsClient& sqs, std::string queue_name, Spool& spool);

    void set_signer(std::function<std::string(const std::string&)> sign) { sign_ = std::move(sign); }
    // Looks the queue up now (create-if-missing); the client calls it at start.
    awsrest::Result<std::string> queue_url();

    DeliveryReport deliver(const std::vector<std::string>& bodies);

private:
    // Sends spooled messages, oldest first, until the spool is empty or a send fails.
    bool drain(DeliveryReport& report);
    void note_failure(const awsrest::Error& error, DeliveryReport& report);

    awsrest::SqsClient& sqs_;
    std::string queue_name_;
    Spool& spool_;
    std::string queue_url_;
    std::function<std::string(const std::string&)> sign_;
};

}  // namespace niamd::client
