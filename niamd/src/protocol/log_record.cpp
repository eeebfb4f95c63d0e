#include "protocol/log_record.hpp"

#include <charconv>

#include "protocol/metric_record.hpp"

namespace niamd::protocol {

Record log_record(const std::string& instance, const std::string& hostname, const LogLine& line) {
    Record record;
    record.instance = instance;
    record.hostname = hostname;
    record.kind = RecordKind::Log;
    record.target = line.source;
    record.port_or_arg = std::to_string(line.seq);
    record.time = line.time;
    record.output = line.line;
    record.stream = line.stream;
    record.cut_bytes = line.cut_bytes;
    return record;
}

std::optional<LogLine> log_line_of(const Record& record) {
    if (record.kind != RecordKind::Log) return std::nullopt;
    LogLine line;
    const std::string& seq = record.port_or_arg;
    const auto [end, ec] = std::from_chars(seq.data(), seq.data() + seq.size(), line.seq);
    if (ec != std::errc{} || end != seq.data() + seq.size() || line.seq == 0) return std::nullopt;
    line.source = record.target;
    line.time = record.time;
    line.line = record.output.value_or("");
    line.stream = record.stream;
    line.cut_bytes = record.cut_bytes;
    return line;
}

Record event_record(const std::string& instance, const std::string& hostname, const Event& event) {
    Record record;
    record.instance = instance;
    record.hostname = hostname;
    record.kind = RecordKind::Event;
    record.target = event.kind;
    record.port_or_arg = event.id;
    record.time = event.time;
    record.output = encode_tags(event.fields);
    record.raw = event.raw;
    return record;
}

std::optional<Event> event_of(const Record& record) {
    if (record.kind != RecordKind::Event) return std::nullopt;
    auto fields = decode_tags(record.output.value_or(""));
    if (!fields) return std::nullopt;
    Event event;
    event.kind = record.target;
    event.id = record.port_or_arg;
    event.time = record.time;
    event.fields = std::move(*fields);
    event.raw = record.raw;
    return event;
}

std::string_view field_value(const Event& event, std::string_view key) {
    for (const auto& tag : event.fields) {
        if (tag.key == key) return tag.value;
    }
    return {};
}

}  // namespace niamd::protocol
