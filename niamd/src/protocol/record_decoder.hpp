// Reads the records of one queue message, keeping the good ones and naming each bad line.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/record.hpp"

namespace niamd::protocol {

// What is wrong with one record. line is the 1-based physical line on which the record
// starts (0 for the message as a whole); message repeats it: "line 3: HTTP record needs
// 7 fields, got 5".
struct LineError {
    std::size_t line = 0;
    std::string message;

    friend bool operator==(const LineError&, const LineError&) = default;
};

struct DecodeResult {
    std::vector<Record> records;  // the good records, in message order
    std::vector<LineError> errors;
};

// Decodes a message body: records separated by '\n' outside quotes (CRLF accepted),
// blank lines skipped. A bad record is listed in errors and never costs the good records
// around it. Bodies over kMaxMessageBytes are refused whole; records after the
// kMaxRecordsPerMessage-th are not read (one error says so).
DecodeResult decode_message(std::string_view body);

}  // namespace niamd::protocol
