// RFC 4180 field quoting shared by the record encoder and decoder.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace niamd::protocol {

// True when a field must be quoted: it holds a comma, a double quote, CR or LF.
bool needs_quoting(std::string_view field) noexcept;

// Appends the field to out, quoted (inner quotes doubled) only when needs_quoting.
void append_field(std::string& out, std::string_view field);

// Appends the field always quoted, so that an empty string is told apart from "absent".
void append_quoted_field(std::string& out, std::string_view field);

// A field as read: its text and whether it was quoted ("" is an empty present value).
struct RawField {
    std::string text;
    bool quoted = false;
};

// One record cut out of a message body: its fields, or what is wrong with its syntax.
struct RawRecord {
    std::vector<RawField> fields;
    std::optional<std::string> syntax_error;  // e.g. "field 5 has a quote inside an unquoted field"
};

// Reads the record starting at body[pos] and moves pos past its end (past the '\n',
// or to body.size()). A record ends at '\n' outside quotes; one '\r' before it is dropped.
// lines_consumed counts the '\n' passed, so callers can keep physical line numbers.
// After a syntax error pos is moved to the next line, so the records after it still read.
RawRecord read_raw_record(std::string_view body, std::size_t& pos, std::size_t& lines_consumed);

}  // namespace niamd::protocol
