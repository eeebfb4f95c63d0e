#include "client/delivery.hpp"

#include "log/log.hpp"

namespace niamd::client {

Delivery::Delivery(awsrest::SqsClient& sqs, std::string queue_name, Spool& spool)
    : sqs_(sqs), queue_name_(std::move(queue_name)), spool_(spool), sign_([](const std::string& body) { return body; }) {}

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

DeliveryReport Delivery::deliver(const std::vector<std::string>& bodies) {
    DeliveryReport report;
    std::size_t next = 0;
    if (spool_.empty()) {
        auto url = queue_url();
        for (; url && next < bodies.size(); ++next) {
            auto sent = sqs_.send_message(*url, sign_(bodies[next]));
            if (!sent) {
                if (sent.error().kind == awsrest::ErrorKind::InvalidArgument) {
                    log::error("dropping a message SQS cannot carry: " + sent.error().message);
                    continue;
                }
                note_failure(sent.error(), report);
                break;
            }
            ++report.sent;
        }
        if (!url) note_failure(url.error(), report);
    }
    // What was not sent queues behind the spool, then the spool drains oldest first.
    for (; next < bodies.size(); ++next) {
        if (auto appended = spool_.append(bodies[next]); !appended) log::error(appended.error().message);
    }
    if (!spool_.empty() && report.error.empty()) drain(report);
    if (!report.error.empty()) {
        log::warning("SQS unreachable, " + std::to_string(spool_.size()) + " message(s) spooled: " + report.error);
    }
    report.spooled = spool_.size();
    return report;
}

bool Delivery::drain(DeliveryReport& report) {
    auto url = queue_url();
    if (!url) {
        note_failure(url.error(), report);
        return false;
    }
    // Sent entries leave the file in one rewrite per kBatchesPerRewrite batches, not one
    // per batch: a long outage's spool drains in linear time. A crash in between sends
    // those again, which the master takes as the redelivery it already handles.
    constexpr int kBatchesPerRewrite = 100;
    const auto& entries = spool_.entries();
    std::vector<std::uint64_t> done;
    std::size_t next = 0;  // the first entry not yet sent
    int batches = 0;
    auto rewrite = [&] {
        if (done.empty()) return true;
        auto removed = spool_.remove(done);
        done.clear();
        next = 0;
        if (!removed) log::error(removed.error().message);
        return removed.ok();
    };
    while (next < entries.size()) {
        std::vector<awsrest::SqsSendEntry> batch;
        std::vector<std::uint64_t> seqs;
        std::size_t payload = 0;
        for (std::size_t i = next; i < entries.size(); ++i) {
            std::string body = sign_(entries[i].body);
            if (batch.size() == awsrest::kSqsMaxBatchEntries ||
                (!batch.empty() && payload + body.size() > awsrest::kSqsMaxPayloadBytes)) {
                break;
            }
            payload += body.size();
            batch.push_back({"m" + std::to_string(entries[i].seq), std::move(body), {}});
            seqs.push_back(entries[i].seq);
        }
        next += batch.size();
        auto sent = batch.size() == 1 && batch.front().body.size() > awsrest::kSqsMaxPayloadBytes
                        ? awsrest::Result<awsrest::SqsSendBatchResult>(awsrest::make_error(
                              awsrest::ErrorKind::InvalidArgument, "spooled message over the SQS size limit"))
                        : sqs_.send_message_batch(*url, batch);
        if (!sent) {
            if (sent.error().kind == awsrest::ErrorKind::InvalidArgument) {
                log::error("dropping spooled message(s) SQS cannot carry: " + sent.error().message);
                done.insert(done.end(), seqs.begin(), seqs.end());
                continue;
            }
            note_failure(sent.error(), report);
            rewrite();
            return false;
        }
        auto seq_of = [&](const std::string& id) {
            for (std::size_t i = 0; i < batch.size(); ++i) {
                if (batch[i].id == id) done.push_back(seqs[i]);
            }
        };
        for (const auto& ok : sent->successful) seq_of(ok.id);
        for (const auto& failed : sent->failed) {
            if (failed.sender_fault) {  // resending will not help: drop it, loudly
                log::error("SQS refused spooled message " + failed.id + ": " + failed.code + " " + failed.message);
                seq_of(failed.id);
            }
        }
        report.sent += sent->successful.size();
        if (!sent->failed.empty()) {
            report.error = "SendMessageBatch: " + std::to_string(sent->failed.size()) + " entr(y/ies) failed";
            rewrite();
            return false;
        }
        if (++batches % kBatchesPerRewrite == 0 && !rewrite()) return false;
    }
    if (!rewrite()) return false;
    log::info("spool drained");
    return true;
}

}  // namespace niamd::client
