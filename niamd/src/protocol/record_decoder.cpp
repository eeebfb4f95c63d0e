#include "protocol/record_decoder.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>

#include "inventory/inventory.hpp"
#include "protocol/field_quoting.hpp"
#include "protocol/inventory_record.hpp"
#include "protocol/limits.hpp"

namespace niamd::protocol {
namespace {

// Bad input quoted inside an error message: at most this many bytes, control bytes escaped.
constexpr std::size_t kMaxQuotedInputBytes = 40;

std::string quoted_for_message(std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out = "\"";
    for (std::size_t i = 0; i < text.size() && i < kMaxQuotedInputBytes; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
            out += "\\x";
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 0xf]);
        } else {
            out.push_back(static_cast<char>(c));
        }
    }
    if (text.size() > kMaxQuotedInputBytes) out += "...";
    out += "\"";
    return out;
}

// Digits only (no sign, no spaces), within [0, max].
std::optional<std::int64_t> parse_bounded(std::string_view text, std::int64_t max) {
    if (text.empty()) return std::nullopt;
    for (const char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
    }
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value > max) return std::nullopt;
    return value;
}

// A finite decimal number as to_chars writes it ("-0.25", "1e+20"); no "inf", "nan" or hex.
std::optional<double> parse_finite(std::string_view text) {
    if (text.empty()) return std::nullopt;
    for (const char c : text) {
        if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) return std::nullopt;
    }
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
    return value;
}

using Fields = std::vector<RawField>;

// Checks and converts one raw record; the error text is without the "line N: " prefix.
struct Converted {
    std::optional<Record> record;
    std::string error;
};

Converted fail(std::string message) { return {std::nullopt, std::move(message)}; }

Converted convert(const Fields& fields) {
    if (fields.size() < 3) {
        return fail("record needs at least 4 fields (INSTANCE,HOSTNAME,KIND,...), got " +
                    std::to_string(fields.size()));
    }
    const auto kind = kind_from_wire(fields[2].text);
    if (!kind) {
        return fail(
            "unknown record kind " + quoted_for_message(fields[2].text) +
            " (expected PING, LPING, HTTP, SCRIPT, PROBLEM, METRIC, INVENTORY, SERVICE, SERVICES, LOG or EVENT)");
    }
    const std::string kind_name(to_string(*kind));
    const auto needed = static_cast<std::size_t>(original_field_count(*kind));
    if (fields.size() < needed) {
        return fail(kind_name + " record needs " + std::to_string(needed) + " fields, got " +
                    std::to_string(fields.size()));
    }
    const bool metric = *kind == RecordKind::Metric;
    // SERVICES is laid out like INVENTORY (a digest, a part, the items).
    const bool inventory = *kind == RecordKind::Inventory || *kind == RecordKind::Services;
    const bool log = *kind == RecordKind::Log;
    const bool event = *kind == RecordKind::Event;
    const std::size_t optional = metric      ? kMetricOptionalFieldCount
                                 : inventory ? 0
                                 : log       ? kLogOptionalFieldCount
                                 : event     ? kEventOptionalFieldCount
                                             : kOptionalFieldCount;
    if (fields.size() > needed + optional) {
        return fail(kind_name + " record has " + std::to_string(fields.size()) + " fields, at most " +
                    std::to_string(needed + optional) + " allowed");
    }
    const std::size_t output_index = metric ? fields.size() : inventory ? 6 : needed + 2;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        const bool long_text = i == output_index || ((log || event) && i == 6) || (event && i == 7);
        const std::size_t limit = long_text ? kMaxOutputBytes : kMaxFieldBytes;
        if (fields[i].text.size() > limit) {
            return fail("field " + std::to_string(i + 1) + " is " + std::to_string(fields[i].text.size()) +
                        " bytes, more than the " + std::to_string(limit) + " allowed");
        }
    }

    Record record;
    record.kind = *kind;
    record.instance = fields[0].text;
    record.hostname = fields[1].text;
    if (record.instance.empty()) return fail("INSTANCE is empty");
    if (record.hostname.empty()) return fail("HOSTNAME is empty");

    std::size_t time_index = 3;
    if (inventory) {
        record.target = fields[3].text;
        record.port_or_arg = fields[4].text;
        if (!inventory::is_digest(record.target)) {
            return fail("DIGEST " + quoted_for_message(record.target) + " must be 16 lower-case hex digits");
        }
        if (!parse_inventory_part(record.port_or_arg)) {
            return fail("PART " + quoted_for_message(record.port_or_arg) +
                        " must be N/M with 1 <= N <= M <= " + std::to_string(kMaxInventoryParts));
        }
        record.output = fields[6].text;
        time_index = 5;
    } else if (log || event) {
        record.target = fields[3].text;
        record.port_or_arg = fields[4].text;
        if (log) {
            if (record.target.empty()) return fail("SOURCE is empty");
            const auto seq = parse_bounded(record.port_or_arg, std::numeric_limits<std::int64_t>::max());
            if (!seq || *seq == 0)
                return fail("SEQ " + quoted_for_message(record.port_or_arg) + " must be a number >= 1");
        } else {
            if (record.target.empty() || record.target.size() > kMaxEventKindBytes) {
                return fail("KIND " + quoted_for_message(record.target) + " must be 1-" +
                            std::to_string(kMaxEventKindBytes) + " bytes of a-z 0-9 . _ -");
            }
            for (const char c : record.target) {
                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')) {
                    return fail("KIND " + quoted_for_message(record.target) + " must be 1-" +
                                std::to_string(kMaxEventKindBytes) + " bytes of a-z 0-9 . _ -");
                }
            }
            if (record.port_or_arg.empty()) return fail("ID is empty");
        }
        record.output = fields[6].text;
        time_index = 5;
    } else if (metric) {
        record.target = fields[3].text;
        record.port_or_arg = fields[4].text;
        if (record.target.empty()) return fail("NAME is empty");
        const auto value = parse_finite(fields[6].text);
        if (!value) return fail("VALUE " + quoted_for_message(fields[6].text) + " must be a finite decimal number");
        record.value = *value;
        time_index = 5;
    } else if (*kind != RecordKind::Ping) {
        const bool script = *kind == RecordKind::Script;
        const bool problem = *kind == RecordKind::Problem;
        const bool service = *kind == RecordKind::Service;
        record.target = fields[3].text;
        record.port_or_arg = fields[4].text;
        if (record.target.empty()) {
            return fail(script    ? "SCRIPTNAME is empty"
                        : problem ? "WHAT is empty"
                        : service ? "NAME is empty"
                                  : "TARGET is empty");
        }
        if (service && record.port_or_arg.empty()) return fail("TYPE is empty");
        if (!script && !problem && !service && !parse_bounded(record.port_or_arg, 65535)) {
            return fail("PORT " + quoted_for_message(record.port_or_arg) + " must be a number 0-65535");
        }
        time_index = 5;
        const std::string& status = fields[6].text;
        if (status != "0" && status != "1") {
            return fail("STATUS " + quoted_for_message(status) + " must be 0 (OK) or 1 (FAILED)");
        }
        record.status = status == "1" ? 1 : 0;
    }
    const auto time = parse_bounded(fields[time_index].text, std::numeric_limits<std::int64_t>::max());
    if (!time) {
        return fail("TIME " + quoted_for_message(fields[time_index].text) + " must be Unix seconds (digits only)");
    }
    record.time = *time;
    if (inventory) return {std::move(record), {}};
    if (log) {
        if (fields.size() > needed) {
            record.stream = fields[needed].text;
            if (!record.stream.empty() && record.stream != "stdout" && record.stream != "stderr") {
                return fail("STREAM " + quoted_for_message(record.stream) + " must be stdout or stderr");
            }
        }
        if (fields.size() > needed + 1 && !fields[needed + 1].text.empty()) {
            const auto cut = parse_bounded(fields[needed + 1].text, std::numeric_limits<std::int64_t>::max());
            if (!cut) return fail("CUT " + quoted_for_message(fields[needed + 1].text) + " must be a number of bytes");
            record.cut_bytes = static_cast<std::uint64_t>(*cut);
        }
        return {std::move(record), {}};
    }
    if (event) {
        if (fields.size() > needed) record.raw = fields[needed].text;
        return {std::move(record), {}};
    }
    if (metric) {
        if (fields.size() > needed) record.unit = fields[needed].text;
        if (fields.size() > needed + 1) record.limits = fields[needed + 1].text;
        return {std::move(record), {}};
    }

    if (fields.size() > needed && !fields[needed].text.empty()) {
        const auto latency = parse_bounded(fields[needed].text, std::numeric_limits<int>::max());
        if (!latency) {
            return fail("LATENCY " + quoted_for_message(fields[needed].text) + " must be whole milliseconds >= 0");
        }
        record.latency_ms = static_cast<int>(*latency);
    }
    if (fields.size() > needed + 1 && !fields[needed + 1].text.empty()) {
        const auto code = parse_bounded(fields[needed + 1].text, 3);
        if (!code) {
            return fail("NAGIOS code " + quoted_for_message(fields[needed + 1].text) + " must be 0-3");
        }
        record.nagios_code = static_cast<int>(*code);
    }
    if (fields.size() > output_index) {
        const RawField& output = fields[output_index];
        if (output.quoted || !output.text.empty()) record.output = output.text;
    }
    if (fields.size() > output_index + 1 && !fields[output_index + 1].text.empty()) {
        const std::string_view text = fields[output_index + 1].text;
        const std::size_t first = text.find('/');
        const std::size_t second = first == std::string_view::npos ? first : text.find('/', first + 1);
        std::optional<std::int64_t> numbers[3];
        if (second != std::string_view::npos) {
            numbers[0] = parse_bounded(text.substr(0, first), kMaxNoiseSetting);
            numbers[1] = parse_bounded(text.substr(first + 1, second - first - 1), kMaxNoiseSetting);
            numbers[2] = parse_bounded(text.substr(second + 1), kMaxNoiseSetting);
        }
        if (!numbers[0] || !numbers[1] || !numbers[2]) {
            return fail("NOISE " + quoted_for_message(text) + " must be RETRIES/RECOVER/FLAP_CHANGES, each 0-" +
                        std::to_string(kMaxNoiseSetting));
        }
        record.retries = static_cast<int>(*numbers[0]);
        record.recover = static_cast<int>(*numbers[1]);
        record.flap_changes = static_cast<int>(*numbers[2]);
    }
    return {std::move(record), {}};
}

bool is_blank(const RawRecord& raw) {
    return !raw.syntax_error && raw.fields.size() == 1 && !raw.fields[0].quoted && raw.fields[0].text.empty();
}

}  // namespace

DecodeResult decode_message(std::string_view body) {
    DecodeResult result;
    if (body.size() > kMaxMessageBytes) {
        result.errors.push_back({0, "message is " + std::to_string(body.size()) + " bytes, more than the " +
                                        std::to_string(kMaxMessageBytes) + " allowed; not read"});
        return result;
    }
    std::size_t pos = 0;
    std::size_t line = 1;
    std::size_t seen = 0;
    while (pos < body.size()) {
        const std::size_t record_line = line;
        std::size_t lines_consumed = 0;
        const RawRecord raw = read_raw_record(body, pos, lines_consumed);
        line += lines_consumed;
        if (is_blank(raw)) continue;
        if (++seen > kMaxRecordsPerMessage) {
            result.errors.push_back({record_line, "line " + std::to_string(record_line) + ": more than " +
                                                      std::to_string(kMaxRecordsPerMessage) +
                                                      " records in one message; the rest is not read"});
            break;
        }
        const auto add_error = [&](const std::string& what) {
            result.errors.push_back({record_line, "line " + std::to_string(record_line) + ": " + what});
        };
        if (raw.syntax_error) {
            add_error(*raw.syntax_error);
            continue;
        }
        Converted converted = convert(raw.fields);
        if (converted.record) {
            result.records.push_back(std::move(*converted.record));
        } else {
            add_error(converted.error);
        }
    }
    return result;
}

}  // namespace niamd::protocol
