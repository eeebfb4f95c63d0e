#include "client/delivery.hpp"

#include <algorithm>

#include "log/log.hpp"

namespace niamd::client {
namespace {

std::size_t lines_in(const std::string& body) {
    return static_cast<std::size_t>(std::count(body.begin(), body.end(), '\n')) + 1;
}

}  // namespace

Delivery::Delivery(awsrest::SqsClient& sqs, std::string queue_name, Outbox& outbox)
    : sqs_(sqs),
      queue_name_(std::move(queue_name)),
      outbox_(outbox),
      sign_([](const std::string& body) { return body; }) {}

awsrest::Result<std::string> Delivery::queue_url() {
    if (!queue_url_.empty()) return queue_url_;
    auto created = sqs_.create_queue(queue_name_);
    if (!created) return std::move(created).error();
    queue_url_ = *created;
    log::info("queue " + queue_name_ + ": " + queue_url_);
    return queue_url_;
}

void Delivery::note_failure(const awsrest::Error& error, DeliveryReport& report) {
    report.error = error.describe();
    // A queue deleted under us is looked up (and created) again next time.
    if (error.code == "AWS.SimpleQueueService.NonExistentQueue" || error.code == "QueueDoesNotExist") {
        queue_url_.clear();
    }
}

Delivery::Packed Delivery::pack(std::size_t first, std::size_t max_bytes) const {
    const auto& entries = outbox_.entries();
    Packed packed;
    packed.first = first;
    std::size_t lines = 0;
    std::size_t i = first;
    for (; i < entries.size(); ++i) {
        const std::string& line = entries[i].body;
        const std::size_t more = lines_in(line);
        if (i > first &&
            (packed.body.size() + 1 + line.size() > max_bytes || lines + more > protocol::kMaxRecordsPerMessage)) {
            break;
        }
        if (i > first) packed.body += '\n';
        packed.body += line;
        lines += more;
    }
    packed.end = i;
    return packed;
}

namespace {

// The file drops the sent records in one rewrite per kBatchesPerRewrite requests, not one
// per request: a long outage's backlog drains in linear time. A crash in between sends
// those again, which the master takes as the redelivery it already handles.
constexpr int kBatchesPerRewrite = 100;

}  // namespace

DeliveryReport Delivery::deliver(std::size_t max_message_bytes) {
    DeliveryReport report;
    int batches = 0;
    const bool backlog = !outbox_.empty() && pack(0, max_message_bytes).end < outbox_.size();
    while (!outbox_.empty()) {
        auto url = queue_url();
        if (!url) {
            note_failure(url.error(), report);
            break;
        }
        if (!backlog) {  // the steady state: everything in one message
            Packed message = pack(0, max_message_bytes);
            ++report.requests;
            auto sent = sqs_.send_message(*url, sign_(message.body));
            if (!sent && sent.error().kind != awsrest::ErrorKind::InvalidArgument) {
                note_failure(sent.error(), report);
                break;
            }
            if (!sent) {
                log::error("dropping " + std::to_string(message.end) +
                           " record(s) in a message SQS cannot carry: " + sent.error().message);
                totals_.refused_records += message.end;
            } else {
                ++report.sent;
                report.records_sent += message.end;
            }
            outbox_.forget(0, message.end);
            continue;
        }
        if (!send_batch(*url, max_message_bytes, report)) break;
        if (++batches % kBatchesPerRewrite == 0) {
            if (auto synced = outbox_.sync(); !synced) log::error(synced.error().message);
        }
    }
    finish(report, backlog);
    delivered_ = true;
    return report;
}

DeliveryReport Delivery::deliver_whole(std::size_t max_message_bytes) {
    DeliveryReport report;
    // Less than one request's worth in the file: not worth packing (it waits for the heartbeat).
    if (failing_ || outbox_.bytes() <= awsrest::kSqsMaxPayloadBytes) {
        report.spooled = outbox_.size();
        return report;
    }
    auto url = queue_url();
    if (!url) {
        note_failure(url.error(), report);
    } else {
        int batches = 0;
        while (send_batch(*url, max_message_bytes, report, true)) {
            if (++batches % kBatchesPerRewrite == 0) {
                if (auto synced = outbox_.sync(); !synced) log::error(synced.error().message);
            }
        }
    }
    if (report.requests > 0 || !report.error.empty()) finish(report, false);
    report.spooled = outbox_.size();
    return report;
}

void Delivery::finish(DeliveryReport& report, bool backlog) {
    if (auto synced = outbox_.sync(); !synced) log::error(synced.error().message);
    if (!report.error.empty()) {
        log::warning("SQS unreachable, " + std::to_string(outbox_.size()) +
                     " record(s) kept in the outbox: " + report.error);
        failing_ = true;
    } else if (failing_ || (backlog && !delivered_)) {  // after a failure, or what the previous run left
        log::info("outbox drained: " + std::to_string(report.records_sent) + " record(s) in " +
                  std::to_string(report.sent) + " message(s), " + std::to_string(report.requests) + " request(s)");
        failing_ = false;
    } else if (report.requests > 0) {
        log::debug("outbox: " + std::to_string(report.records_sent) + " record(s) in " + std::to_string(report.sent) +
                   " message(s), " + std::to_string(report.requests) + " request(s)");
    }
    report.spooled = outbox_.size();
}

bool Delivery::send_batch(const std::string& url, std::size_t max_bytes, DeliveryReport& report, bool whole_only) {
    std::vector<awsrest::SqsSendEntry> batch;
    std::vector<Packed> messages;
    std::size_t payload = 0;
    std::size_t next = 0;
    std::size_t signature = 0;  // what sign_ adds to a body, measured on the first one
    while (batch.size() < awsrest::kSqsMaxBatchEntries && next < outbox_.size()) {
        // A message after the first takes what room the request has left (a message cut
        // short by the record bound leaves some): every request is filled.
        std::size_t room = max_bytes;
        if (!batch.empty()) {
            const std::size_t left = awsrest::kSqsMaxPayloadBytes - payload;
            if (left <= signature) break;
            room = std::min(room, left - signature);
        }
        Packed message = pack(next, room);
        std::string body = sign_(message.body);
        if (!batch.empty() && payload + body.size() > awsrest::kSqsMaxPayloadBytes) break;
        if (batch.empty() && body.size() > message.body.size()) signature = body.size() - message.body.size();
        payload += body.size();
        next = message.end;
        batch.push_back({"m" + std::to_string(messages.size()), std::move(body), {}});
        message.body.clear();
        messages.push_back(std::move(message));
    }
    if (whole_only && next >= outbox_.size()) return false;  // not a full request: it waits
    ++report.requests;
    auto sent = batch.size() == 1 && batch.front().body.size() > awsrest::kSqsMaxPayloadBytes
                    ? awsrest::Result<awsrest::SqsSendBatchResult>(
                          awsrest::make_error(awsrest::ErrorKind::InvalidArgument, "a message over the SQS size limit"))
                    : sqs_.send_message_batch(url, batch);
    if (!sent) {
        if (sent.error().kind != awsrest::ErrorKind::InvalidArgument) {
            note_failure(sent.error(), report);
            return false;
        }
        log::error("dropping " + std::to_string(next) +
                   " record(s) in message(s) SQS cannot carry: " + sent.error().message);
        totals_.refused_records += next;
        outbox_.forget(0, next);
        return true;
    }
    // Accepted ones (and those refused for good) leave the outbox; the others stay, in place.
    std::vector<bool> done(messages.size(), false);
    auto index_of = [&](const std::string& id) -> std::size_t {
        for (std::size_t i = 0; i < batch.size(); ++i) {
            if (batch[i].id == id) return i;
        }
        return messages.size();
    };
    for (const auto& ok : sent->successful) {
        const auto i = index_of(ok.id);
        if (i == messages.size()) continue;
        done[i] = true;
        ++report.sent;
        report.records_sent += messages[i].end - messages[i].first;
    }
    bool retry_later = false;
    for (const auto& failed : sent->failed) {
        const auto i = index_of(failed.id);
        if (i == messages.size()) continue;
        if (failed.sender_fault) {  // resending will not help: drop it, loudly
            log::error("SQS refused a message of " + std::to_string(messages[i].end - messages[i].first) +
                       " record(s): " + failed.code + " " + failed.message);
            done[i] = true;
            ++report.refused;
            totals_.refused_records += messages[i].end - messages[i].first;
        } else {
            retry_later = true;
            ++report.failed;
            ++totals_.failed_entries;
        }
    }
    // From the last message back, so that the indexes of earlier ones still hold.
    for (std::size_t i = messages.size(); i-- > 0;) {
        if (done[i]) outbox_.forget(messages[i].first, messages[i].end);
    }
    if (retry_later) {
        report.error = "SendMessageBatch: " + std::to_string(sent->failed.size()) + " entr(y/ies) failed";
        return false;
    }
    return true;
}

}  // namespace niamd::client
