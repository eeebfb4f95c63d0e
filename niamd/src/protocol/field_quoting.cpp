#include "protocol/field_quoting.hpp"

#include <algorithm>

namespace niamd::protocol {
namespace {

// More fields than any record kind allows; reading stops here so a line of commas
// cannot grow without bound.
constexpr std::size_t kMaxFieldsPerRecord = 16;

std::size_t next_line_start(std::string_view body, std::size_t from) {
    const auto newline = body.find('\n', std::min(from, body.size()));
    return newline == std::string_view::npos ? body.size() : newline + 1;
}

RawRecord syntax_error(std::string message) {
    RawRecord record;
    record.syntax_error = std::move(message);
    return record;
}

}  // namespace

bool needs_quoting(std::string_view field) noexcept { return field.find_first_of(",\"\r\n") != std::string_view::npos; }

void append_quoted_field(std::string& out, std::string_view field) {
    out.push_back('"');
    for (const char c : field) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
}

void append_field(std::string& out, std::string_view field) {
    if (needs_quoting(field)) {
        append_quoted_field(out, field);
    } else {
        out.append(field);
    }
}

namespace {

RawRecord read_fields(std::string_view body, std::size_t start, std::size_t& pos) {
    const std::size_t n = body.size();
    RawRecord record;
    pos = start;
    while (true) {
        if (record.fields.size() == kMaxFieldsPerRecord) {
            pos = next_line_start(body, pos);
            return syntax_error("more than " + std::to_string(kMaxFieldsPerRecord) + " fields");
        }
        const std::string field_number = std::to_string(record.fields.size() + 1);
        RawField field;
        if (pos < n && body[pos] == '"') {
            field.quoted = true;
            const std::size_t open = pos++;
            bool closed = false;
            while (pos < n) {
                const char c = body[pos];
                if (c == '"') {
                    if (pos + 1 < n && body[pos + 1] == '"') {
                        field.text.push_back('"');
                        pos += 2;
                        continue;
                    }
                    ++pos;
                    closed = true;
                    break;
                }
                field.text.push_back(c);
                ++pos;
            }
            if (!closed) {
                pos = next_line_start(body, open);
                return syntax_error("quoted field " + field_number + " is never closed");
            }
            if (pos < n && body[pos] == '\r' && (pos + 1 == n || body[pos + 1] == '\n')) ++pos;  // CRLF
            if (pos < n && body[pos] != ',' && body[pos] != '\n') {
                pos = next_line_start(body, pos);
                return syntax_error("field " + field_number + " has text after its closing quote");
            }
        } else {
            const std::size_t end = std::min(body.find_first_of(",\n", pos), n);
            const std::string_view text = body.substr(pos, end - pos);
            if (text.find('"') != std::string_view::npos) {
                pos = next_line_start(body, pos);
                return syntax_error("field " + field_number +
                                    " has a quote inside an unquoted field (quote the whole field)");
            }
            field.text.assign(text);
            pos = end;
            if ((pos == n || body[pos] == '\n') && !field.text.empty() && field.text.back() == '\r') {
                field.text.pop_back();  // CRLF line end
            }
        }
        record.fields.push_back(std::move(field));
        if (pos == n) return record;
        if (body[pos] == '\n') {
            ++pos;
            return record;
        }
        ++pos;  // ','
    }
}

}  // namespace

RawRecord read_raw_record(std::string_view body, std::size_t& pos, std::size_t& lines_consumed) {
    const std::size_t start = pos;
    RawRecord record = read_fields(body, start, pos);
    lines_consumed = static_cast<std::size_t>(std::count(body.begin() + static_cast<std::ptrdiff_t>(start),
                                                         body.begin() + static_cast<std::ptrdiff_t>(pos), '\n'));
    return record;
}

}  // namespace niamd::protocol
