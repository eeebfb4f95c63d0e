#include "sqs/sqs_integrity.hpp"

#include <map>
#include <set>
#include <string>

#include "core/excerpt.hpp"
#include "sqs/body_md5.hpp"
#include "sqs/response_common.hpp"

namespace awsrest::sqs {

namespace {

constexpr std::string_view kMismatchCode = "MD5OfMessageBodyMismatch";
constexpr std::string_view kMissingCode = "MissingFromResponse";

// Text from an answer, for an error message: a printable, bounded, quoted prefix.
std::string shown(std::string_view text) {
    constexpr std::size_t kShownBytes = 100;
    return "\"" + excerpt::shown(text, kShownBytes) + "\"";
}

std::string mismatch(std::string_view field, std::string_view digest, std::string_view message_id,
                     std::string_view direction, std::string_view expected) {
    return std::string(field) + " " + shown(digest) + " of message " + shown(message_id) +
           " does not match the MD5 of the body " + std::string(direction) + " (" + std::string(expected) + ")";
}

// Ids the answer names must be distinct and sent; returns the sent ids it did not name.
template <class Entry>
Result<std::vector<std::string>> unanswered(std::string_view action, const std::vector<Entry>& entries,
                                            const std::vector<std::string>& answered_ids) {
    std::set<std::string> sent;
    for (const Entry& entry : entries) sent.insert(entry.id);
    std::set<std::string> seen;
    for (const std::string& id : answered_ids) {
        if (!sent.contains(id)) return parse_error(action, "answer names entry " + shown(id) + ", which was not sent");
        if (!seen.insert(id).second) return parse_error(action, "answer names entry " + shown(id) + " twice");
    }
    std::vector<std::string> missing;
    for (const Entry& entry : entries) {
        if (!seen.contains(entry.id)) missing.push_back(entry.id);
    }
    return missing;
}

SqsBatchFailure missing_entry(std::string id) {
    return {std::move(id), std::string(kMissingCode), "the answer mentioned this entry neither as sent nor as failed",
            false};
}

}  // namespace

Result<SqsSendResult> verify_sent_message(SqsSendResult sent, std::string_view body) {
    const std::string expected = md5_hex(body);
    if (!same_md5(sent.md5_of_body, expected)) {
        return parse_error("SendMessage",
                           mismatch("MD5OfMessageBody", sent.md5_of_body, sent.message_id, "sent", expected));
    }
    return sent;
}

Result<SqsSendBatchResult> verify_sent_batch(SqsSendBatchResult answer, const std::vector<SqsSendEntry>& entries) {
    std::vector<std::string> answered;
    for (const SqsBatchSent& sent : answer.successful) answered.push_back(sent.id);
    for (const SqsBatchFailure& failure : answer.failed) answered.push_back(failure.id);
    auto missing = unanswered("SendMessageBatch", entries, answered);
    if (!missing) return std::move(missing).error();

    std::map<std::string_view, std::string_view> bodies;
    for (const SqsSendEntry& entry : entries) bodies[entry.id] = entry.body;
    SqsSendBatchResult checked;
    checked.failed = std::move(answer.failed);
    for (SqsBatchSent& sent : answer.successful) {
        const std::string expected = md5_hex(bodies[sent.id]);
        if (same_md5(sent.md5_of_body, expected)) {
            checked.successful.push_back(std::move(sent));
        } else {
            std::string message = mismatch("MD5OfMessageBody", sent.md5_of_body, sent.message_id, "sent", expected);
            checked.failed.push_back({std::move(sent.id), std::string(kMismatchCode), std::move(message), false});
        }
    }
    for (std::string& id : *missing) checked.failed.push_back(missing_entry(std::move(id)));
    return checked;
}

Result<SqsDeleteBatchResult> verify_deleted_batch(SqsDeleteBatchResult answer,
                                                  const std::vector<SqsDeleteEntry>& entries) {
    std::vector<std::string> answered = answer.successful;
    for (const SqsBatchFailure& failure : answer.failed) answered.push_back(failure.id);
    auto missing = unanswered("DeleteMessageBatch", entries, answered);
    if (!missing) return std::move(missing).error();
    for (std::string& id : *missing) answer.failed.push_back(missing_entry(std::move(id)));
    return answer;
}

SqsReceiveResult verify_received(std::vector<SqsMessage> messages) {
    SqsReceiveResult result;
    for (SqsMessage& message : messages) {
        const std::string expected = md5_hex(message.body);
        if (same_md5(message.md5_of_body, expected)) {
            result.messages.push_back(std::move(message));
        } else {
            Error error = parse_error(
                "ReceiveMessage", mismatch("MD5OfBody", message.md5_of_body, message.message_id, "received", expected));
            result.rejected.push_back({std::move(message), std::move(error)});
        }
    }
    return result;
}

}  // namespace awsrest::sqs
