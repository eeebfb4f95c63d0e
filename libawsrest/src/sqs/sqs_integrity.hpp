// Checks an answer against what was sent: the MD5 digests SQS returns against the bodies
// sent or received, and batch answers against the batch's entries, so that every entry
// is accounted for and no entry is reported that was never sent.
#pragma once

#include <string_view>
#include <vector>

#include "awsrest/result.hpp"
#include "awsrest/sqs.hpp"

namespace awsrest::sqs {

// MD5OfMessageBody must equal the MD5 of `body`; otherwise a Parse error naming the
// message id.
Result<SqsSendResult> verify_sent_message(SqsSendResult sent, std::string_view body);

// A successful entry whose digest does not match moves to `failed` with code
// "MD5OfMessageBodyMismatch"; an entry the answer does not mention is added to `failed`
// with code "MissingFromResponse". An answer naming an entry that was not sent, or one
// entry twice, is a Parse error.
Result<SqsSendBatchResult> verify_sent_batch(SqsSendBatchResult answer, const std::vector<SqsSendEntry>& entries);
Result<SqsDeleteBatchResult> verify_deleted_batch(SqsDeleteBatchResult answer,
                                                  const std::vector<SqsDeleteEntry>& entries);

// Messages whose body matches its MD5OfBody go to `messages`, the others to `rejected`
// with a Parse error naming the message id. Order is kept.
SqsReceiveResult verify_received(std::vector<SqsMessage> messages);

}  // namespace awsrest::sqs
