#include "protocol/record_encoder.hpp"

#include <array>
#include <charconv>
#include <string_view>

#include "protocol/field_quoting.hpp"

namespace niamd::protocol {
namespace {

// The longest prefix of text no longer than max_bytes that does not cut a UTF-8 character.
std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return text;
    std::size_t cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return text.substr(0, cut);
}

// The longest prefix of text whose quoted form ("..." with inner quotes doubled) is at
// most budget bytes.
std::string_view prefix_fitting_quoted(std::string_view text, std::size_t budget) {
    if (budget < 2) return {};
    std::size_t used = 2;
    std::size_t length = 0;
    for (; length < text.size(); ++length) {
        const std::size_t cost = text[length] == '"' ? 2 : 1;
        if (used + cost > budget) break;
        used += cost;
    }
    return utf8_prefix(text, length);
}

// The shortest text that reads back as exactly this value ("0.1", "1e+20", "-3").
void append_number(std::string& line, double value) {
    std::array<char, 32> text{};
    const auto [end, ec] = std::to_chars(text.data(), text.data() + text.size(), value);
    line.append(text.data(), ec == std::errc{} ? static_cast<std::size_t>(end - text.data()) : 0);
}

// What every record starts with: INSTANCE,HOSTNAME,KIND, then (but for a PING)
// ,TARGET,PORT_OR_ARG, then ,TIME.
std::string record_start(const Record& record) {
    std::string line;
    append_field(line, record.instance);
    line.push_back(',');
    append_field(line, record.hostname);
    line.push_back(',');
    line.append(to_string(record.kind));
    if (record.kind != RecordKind::Ping) {
        line.push_back(',');
        append_field(line, record.target);
        line.push_back(',');
        append_field(line, record.port_or_arg);
    }
    line.push_back(',');
    line.append(std::to_string(record.time));
    return line;
}

std::string encode_metric(const Record& record) {
    std::string line = record_start(record);
    line.push_back(',');
    append_number(line, record.value);
    if (!record.unit.empty() || !record.limits.empty()) {
        line.push_back(',');
        append_field(line, record.unit);
    }
    if (!record.limits.empty()) {
        line.push_back(',');
        append_field(line, record.limits);
    }
    return line;
}

// INVENTORY and SERVICES: never cut (its parts are made to fit, inventory_record.hpp).
std::string encode_inventory(const Record& record) {
    std::string line = record_start(record);
    line.push_back(',');
    append_field(line, record.output.value_or(""));
    return line;
}

// LOG: the line always quoted (an empty line stays a line), then STREAM and CUT up to the
// last one present. EVENT: the fields, then RAW when present.
std::string encode_log_or_event(const Record& record, const std::string* text) {
    std::string line = record_start(record);
    line.push_back(',');
    append_quoted_field(line, utf8_prefix(text ? *text : std::string_view{}, kMaxOutputBytes));
    if (record.kind == RecordKind::Log) {
        if (!record.stream.empty() || record.cut_bytes != 0) {
            line.push_back(',');
            append_field(line, record.stream);
        }
        if (record.cut_bytes != 0) {
            line.push_back(',');
            line.append(std::to_string(record.cut_bytes));
        }
    } else if (!record.raw.empty()) {
        line.push_back(',');
        append_quoted_field(line, utf8_prefix(record.raw, kMaxOutputBytes));
    }
    return line;
}

std::string encode_with_output(const Record& record, const std::string* output) {
    if (record.kind == RecordKind::Metric) return encode_metric(record);
    if (record.kind == RecordKind::Log || record.kind == RecordKind::Event) return encode_log_or_event(record, output);
    if (record.kind == RecordKind::Inventory || record.kind == RecordKind::Services) return encode_inventory(record);
    std::string line = record_start(record);
    if (record.kind != RecordKind::Ping) {
        line.push_back(',');
        line.append(std::to_string(record.status));
    }
    const bool noise = record.retries != 0 || record.recover != 0 || record.flap_changes != 0;
    const int present = noise ? 4 : output ? 3 : record.nagios_code ? 2 : record.latency_ms ? 1 : 0;
    if (present >= 1) {
        line.push_back(',');
        if (record.latency_ms) line.append(std::to_string(*record.latency_ms));
    }
    if (present >= 2) {
        line.push_back(',');
        if (record.nagios_code) line.append(std::to_string(*record.nagios_code));
    }
    if (present >= 3) {
        line.push_back(',');
        if (output) append_quoted_field(line, utf8_prefix(*output, kMaxOutputBytes));
    }
    if (present >= 4) {
        line.push_back(',');
        line.append(std::to_string(record.retries) + "/" + std::to_string(record.recover) + "/" +
                    std::to_string(record.flap_changes));
    }
    return line;
}

// The record's line, its output text cut so that the line fits max_bytes when possible.
std::string encode_fitting(const Record& record, std::size_t max_bytes) {
    std::string line = encode_record(record);
    if (line.size() <= max_bytes || !record.output || record.kind == RecordKind::Inventory ||
        record.kind == RecordKind::Services || record.kind == RecordKind::Log || record.kind == RecordKind::Event) {
        return line;
    }
    const std::string empty;
    const std::string without_text = encode_with_output(record, &empty);  // ends in ""
    if (without_text.size() > max_bytes) return without_text;
    const std::size_t budget = max_bytes - without_text.size() + 2;
    const std::string cut(prefix_fitting_quoted(*record.output, budget));
    return encode_with_output(record, &cut);
}

}  // namespace

std::string encode_record(const Record& record) {
    return encode_with_output(record, record.output ? &*record.output : nullptr);
}

std::vector<std::string> encode_messages(const std::vector<Record>& records, std::size_t max_bytes) {
    std::vector<std::string> messages;
    std::size_t in_current = 0;
    for (const Record& record : records) {
        std::string line = encode_fitting(record, max_bytes);
        const bool fits = !messages.empty() && in_current < kMaxRecordsPerMessage &&
                          messages.back().size() + 1 + line.size() <= max_bytes;
        if (fits) {
            messages.back().push_back('\n');
            messages.back().append(line);
            ++in_current;
        } else {
            messages.push_back(std::move(line));
            in_current = 1;
        }
    }
    return messages;
}

}  // namespace niamd::protocol
