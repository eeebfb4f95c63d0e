// batch_log_events and the checks of what PutLogEvents takes: names, events, batches.
#include <algorithm>

#include "awsrest/logs.hpp"

namespace awsrest {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
constexpr std::size_t kMaxMessageBytes = kMaxLogEventBytes - kLogEventOverheadBytes;

// Length of the valid UTF-8 sequence at text[i], or 0 when the byte there starts none
// (overlong forms, surrogates and code points above U+10FFFF are invalid).
std::size_t utf8_sequence(std::string_view text, std::size_t i) noexcept {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    if (lead < 0x80) return 1;
    std::size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0) low = 0xA0;
        if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0) low = 0x90;
        if (lead == 0xF4) high = 0x8F;
    } else {
        return 0;
    }
    if (i + length > text.size()) return 0;
    if (byte(i + 1) < low || byte(i + 1) > high) return 0;
    for (std::size_t k = 2; k < length; ++k) {
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
    }
    return length;
}

bool is_utf8(std::string_view text) noexcept {
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t length = utf8_sequence(text, i);
        if (length == 0) return false;
        i += length;
    }
    return true;
}

std::string repaired_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 8);
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t length = utf8_sequence(text, i);
        if (length == 0) {
            out += kReplacement;
            ++i;
        } else {
            out.append(text.substr(i, length));
            i += length;
        }
    }
    return out;
}

// Valid UTF-8 cut to at most `size` bytes without splitting a character.
void cut_utf8(std::string& text, std::size_t size) {
    if (text.size() <= size) return;
    std::size_t end = size;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    text.resize(end);
}

}  // namespace

bool is_log_group_name(std::string_view name) noexcept {
    if (name.empty() || name.size() > kMaxLogGroupNameBytes) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
               c == '_' || c == '/' || c == '#';
    });
}

bool is_log_stream_name(std::string_view name) noexcept {
    if (name.empty() || name.size() > kMaxLogStreamNameBytes) return false;
    return name.find_first_of(":*") == std::string_view::npos && is_utf8(name);
}

LogBatches batch_log_events(std::vector<LogEvent> events) {
    LogBatches out;
    for (auto& event : events) {
        event.timestamp_ms = std::max<std::int64_t>(event.timestamp_ms, 0);  // CloudWatch takes no time before 1970
        if (event.message.empty()) {
            event.message = " ";
            ++out.blank_events;
            continue;
        }
        if (!is_utf8(event.message)) {
            event.message = repaired_utf8(event.message);
            ++out.repaired_events;
        }
        if (event.message.size() > kMaxMessageBytes) {
            cut_utf8(event.message, kMaxMessageBytes);
            ++out.cut_events;
        }
    }
    std::vector<std::size_t> order(events.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return events[a].timestamp_ms < events[b].timestamp_ms; });
    std::size_t bytes = 0;
    for (const std::size_t position : order) {
        LogEvent& event = events[position];
        const std::size_t size = log_event_size(event);
        auto* open = out.batches.empty() ? nullptr : &out.batches.back();
        if (open == nullptr || open->size() >= kMaxLogBatchEvents || bytes + size > kMaxLogBatchBytes ||
            event.timestamp_ms - open->front().timestamp_ms > kMaxLogBatchSpanMs) {
            out.batches.emplace_back();
            out.positions.emplace_back();
            bytes = 0;
        }
        bytes += size;
        out.batches.back().push_back(std::move(event));
        out.positions.back().push_back(position);
    }
    return out;
}

std::string log_batch_problem(const std::vector<LogEvent>& batch) {
    if (batch.empty()) return "no log events";
    if (batch.size() > kMaxLogBatchEvents) {
        return std::to_string(batch.size()) + " events; at most " + std::to_string(kMaxLogBatchEvents) + " per batch";
    }
    std::size_t bytes = 0;
    for (std::size_t i = 0; i < batch.size(); ++i) {
        const LogEvent& event = batch[i];
        const std::string which = "event " + std::to_string(i + 1);
        if (event.message.empty()) return which + " has an empty message";
        if (log_event_size(event) > kMaxLogEventBytes) {
            return which + " takes " + std::to_string(log_event_size(event)) + " bytes; at most " +
                   std::to_string(kMaxLogEventBytes);
        }
        if (!is_utf8(event.message)) return which + " is not valid UTF-8";
        if (event.timestamp_ms < 0) return which + " has a negative timestamp";
        if (i > 0 && event.timestamp_ms < batch[i - 1].timestamp_ms)
            return which + " is earlier than the one before it";
        bytes += log_event_size(event);
    }
    if (bytes > kMaxLogBatchBytes) {
        return "the batch takes " + std::to_string(bytes) + " bytes with 26 per event; at most " +
               std::to_string(kMaxLogBatchBytes);
    }
    if (batch.back().timestamp_ms - batch.front().timestamp_ms > kMaxLogBatchSpanMs)
        return "the batch spans more than 24 hours";
    return {};
}

}  // namespace awsrest
