// Writes records in the niam line format and packs them into SQS-sized messages.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "protocol/limits.hpp"
#include "protocol/record.hpp"

namespace niamd::protocol {

// One record as one line, without the trailing '\n'. Original fields are written bare
// unless they hold a comma, a quote, CR or LF (then quoted as in RFC 4180), so a record
// without optional fields is byte-for-byte an original niam line. Optional fields follow
// up to the last one present (absent ones in between are empty); a present output is
// always quoted so that an empty output stays distinguishable from none. Output longer
// than kMaxOutputBytes is truncated (at a UTF-8 character boundary). The record is not
// validated: write what decode_message accepts (see docs/protocol.md).
std::string encode_record(const Record& record);

// The records, in order, joined by '\n' into as few messages as possible, each at most
// max_bytes long and holding at most kMaxRecordsPerMessage records. A record whose line
// alone exceeds max_bytes has its output text truncated to fit. Only a record that cannot
// fit even with no output text (original fields together longer than max_bytes, which
// cannot happen with fields within kMaxFieldBytes and the default max_bytes) goes alone
// into a message longer than max_bytes.
std::vector<std::string> encode_messages(const std::vector<Record>& records, std::size_t max_bytes = kMaxMessageBytes);

}  // namespace niamd::protocol
