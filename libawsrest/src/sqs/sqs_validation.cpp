#include "sqs/sqs_validation.hpp"

#include <algorithm>
#include <cstdio>
#include <set>

#include "sqs/response_common.hpp"

namespace awsrest {

namespace sqs {

namespace {

struct Decoded {
    char32_t code_point = 0;
    std::size_t length = 0;  // 0: not valid UTF-8 here
};

bool is_continuation(unsigned char byte) noexcept { return (byte & 0xC0) == 0x80; }

// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
Decoded decode_at(std::string_view text, std::size_t at) noexcept {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[at + i]); };
    const unsigned char lead = byte(0);
    if (lead < 0x80) return {lead, 1};
    std::size_t length = 0;
    char32_t value = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        value = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        value = lead & 0x0F;
        if (lead == 0xE0) low = 0xA0;
        if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        value = lead & 0x07;
        if (lead == 0xF0) low = 0x90;
        if (lead == 0xF4) high = 0x8F;
    } else {
        return {};
    }
    if (text.size() - at < length) return {};
    if (byte(1) < low || byte(1) > high) return {};
    for (std::size_t i = 1; i < length; ++i) {
        if (!is_continuation(byte(i))) return {};
        value = (value << 6) | (byte(i) & 0x3F);
    }
    return {value, length};
}

bool allowed_in_message(char32_t c) noexcept {
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
           (c >= 0x10000 && c <= 0x10FFFF);
}

std::string hex_byte(unsigned char byte) {
    char text[8];
    std::snprintf(text, sizeof text, "0x%02X", byte);
    return text;
}

std::string code_point_name(char32_t c) {
    char text[16];
    std::snprintf(text, sizeof text, "U+%04X", static_cast<unsigned>(c));
    return text;
}

Error invalid(std::string_view action, std::string_view detail) {
    return make_error(ErrorKind::InvalidArgument, operation_name(action) + ": " + std::string(detail));
}

std::string quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

bool is_id_char(char c) noexcept {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

// Names printed in errors come from the caller, but may be long or binary: quote a
// printable prefix only.
std::string printable(std::string_view text) {
    constexpr std::size_t kShown = 64;
    std::string out;
    for (const char c : text.substr(0, kShown)) {
        const auto byte = static_cast<unsigned char>(c);
        out.push_back(byte >= 0x20 && byte < 0x7F ? c : '?');
    }
    if (text.size() > kShown) out += "...";
    return quoted(out);
}

// A batch entry id: 1..80 of [A-Za-z0-9_-], distinct within the batch.
Result<void> check_batch_ids(std::string_view action, const std::vector<std::string_view>& ids) {
    if (ids.empty()) return invalid(action, "a batch needs at least one entry");
    if (ids.size() > kSqsMaxBatchEntries) {
        return invalid(action, "a batch holds at most " + std::to_string(kSqsMaxBatchEntries) + " entries, not " +
                                   std::to_string(ids.size()));
    }
    std::set<std::string_view> seen;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const std::string_view id = ids[i];
        if (id.empty() || id.size() > kSqsMaxBatchIdBytes || !std::all_of(id.begin(), id.end(), is_id_char)) {
            return invalid(action, "entry " + std::to_string(i + 1) + " has id " + printable(id) +
                                       "; an id is 1 to 80 letters, digits, '-' or '_'");
        }
        if (!seen.insert(id).second) return invalid(action, "entry id " + quoted(id) + " appears more than once");
    }
    return {};
}

Result<void> check_utf8_field(std::string_view action, std::string_view what, std::string_view value,
                              std::size_t max_bytes) {
    if (value.size() > max_bytes) {
        return invalid(action, std::string(what) + " is " + std::to_string(value.size()) + " bytes, more than " +
                                   std::to_string(max_bytes));
    }
    if (const auto offset = invalid_utf8_offset(value)) {
        return invalid(action, std::string(what) + " is not valid UTF-8 at byte offset " + std::to_string(*offset));
    }
    return {};
}

Result<void> check_send_options(std::string_view action, const SqsSendOptions& options, std::string_view where) {
    if (options.delay_seconds && (*options.delay_seconds < 0 || *options.delay_seconds > kSqsMaxDelaySeconds)) {
        return invalid(action, std::string(where) + "DelaySeconds " + std::to_string(*options.delay_seconds) +
                                   " is outside 0.." + std::to_string(kSqsMaxDelaySeconds));
    }
    if (auto ok =
            check_utf8_field(action, std::string(where) + "MessageGroupId", options.message_group_id, kMaxFifoIdBytes);
        !ok) {
        return ok;
    }
    return check_utf8_field(action, std::string(where) + "MessageDeduplicationId", options.message_deduplication_id,
                            kMaxFifoIdBytes);
}

Result<void> check_range(std::string_view action, std::string_view name, int value, int low, int high) {
    if (value >= low && value <= high) return {};
    return invalid(action, std::string(name) + " " + std::to_string(value) + " is outside " + std::to_string(low) +
                               ".." + std::to_string(high));
}

}  // namespace

std::optional<std::size_t> invalid_utf8_offset(std::string_view text) noexcept {
    std::size_t at = 0;
    while (at < text.size()) {
        const Decoded decoded = decode_at(text, at);
        if (decoded.length == 0) return at;
        at += decoded.length;
    }
    return std::nullopt;
}

std::optional<std::string> message_body_problem(std::string_view body) {
    if (body.empty()) return "message body is empty; SQS needs at least one character";
    if (body.size() > kSqsMaxPayloadBytes) {
        return "message body is " + std::to_string(body.size()) + " bytes, more than the " +
               std::to_string(kSqsMaxPayloadBytes) + " bytes SQS accepts";
    }
    std::size_t at = 0;
    while (at < body.size()) {
        const Decoded decoded = decode_at(body, at);
        if (decoded.length == 0) {
            return "message body is not valid UTF-8 at byte offset " + std::to_string(at) + " (byte " +
                   hex_byte(static_cast<unsigned char>(body[at])) + ")";
        }
        if (!allowed_in_message(decoded.code_point)) {
            return "message body has " + code_point_name(decoded.code_point) + " at byte offset " + std::to_string(at) +
                   ", a character SQS does not allow (allowed: #x9 #xA #xD #x20-#xD7FF #xE000-#xFFFD "
                   "#x10000-#x10FFFF)";
        }
        at += decoded.length;
    }
    return std::nullopt;
}

Result<void> check_queue_name(std::string_view action, std::string_view name) {
    constexpr std::string_view kFifoSuffix = ".fifo";
    std::string_view base = name;
    if (base.ends_with(kFifoSuffix)) base.remove_suffix(kFifoSuffix.size());
    if (base.empty() || name.size() > kSqsMaxQueueNameBytes || !std::all_of(base.begin(), base.end(), is_id_char)) {
        return invalid(action, "queue name " + printable(name) +
                                   " is not valid; a name is 1 to 80 letters, digits, '-' or '_', with an optional "
                                   "\".fifo\" suffix");
    }
    return {};
}

Result<void> check_queue_url(std::string_view action, std::string_view url) {
    if (url.empty()) return invalid(action, "queue URL is empty");
    return check_utf8_field(action, "queue URL", url, kMaxQueueUrlBytes);
}

Result<void> check_receipt_handle(std::string_view action, std::string_view handle) {
    if (handle.empty()) return invalid(action, "receipt handle is empty");
    return check_utf8_field(action, "receipt handle", handle, kMaxReceiptHandleBytes);
}

Result<void> check_queue_attributes(std::string_view action, const SqsAttributes& attributes) {
    for (const auto& [name, value] : attributes) {
        if (name.empty()) return invalid(action, "an attribute name is empty");
        if (auto ok = check_utf8_field(action, "attribute name " + printable(name), name, kMaxAttributeNameBytes);
            !ok) {
            return ok;
        }
        if (auto ok = check_utf8_field(action, "value of attribute " + printable(name), value, kMaxAttributeValueBytes);
            !ok) {
            return ok;
        }
    }
    return {};
}

Result<void> check_attribute_names(std::string_view action, const std::vector<std::string>& names) {
    for (const std::string& name : names) {
        if (name.empty()) return invalid(action, "an attribute name is empty");
        if (auto ok = check_utf8_field(action, "attribute name " + printable(name), name, kMaxAttributeNameBytes);
            !ok) {
            return ok;
        }
    }
    return {};
}

Result<void> check_visibility_timeout(std::string_view action, int seconds) {
    return check_range(action, "VisibilityTimeout", seconds, 0, kSqsMaxVisibilityTimeoutSeconds);
}

Result<void> check_send(std::string_view action, std::string_view body, const SqsSendOptions& options) {
    if (const auto problem = message_body_problem(body)) return invalid(action, *problem);
    return check_send_options(action, options, "");
}

Result<void> check_send_batch(std::string_view action, const std::vector<SqsSendEntry>& entries) {
    std::vector<std::string_view> ids;
    for (const SqsSendEntry& entry : entries) ids.push_back(entry.id);
    if (auto ok = check_batch_ids(action, ids); !ok) return ok;
    std::size_t total = 0;
    for (const SqsSendEntry& entry : entries) {
        const std::string where = "entry " + quoted(entry.id) + ": ";
        if (const auto problem = message_body_problem(entry.body)) return invalid(action, where + *problem);
        if (auto ok = check_send_options(action, entry.options, where); !ok) return ok;
        total += entry.body.size();
    }
    if (total > kSqsMaxPayloadBytes) {
        return invalid(action, "the message bodies total " + std::to_string(total) + " bytes, more than the " +
                                   std::to_string(kSqsMaxPayloadBytes) + " bytes SQS accepts in one batch");
    }
    return {};
}

Result<void> check_receive(std::string_view action, const SqsReceiveOptions& options) {
    if (auto ok = check_range(action, "MaxNumberOfMessages", options.max_messages, 1, kSqsMaxReceiveMessages); !ok) {
        return ok;
    }
    if (options.wait_time_seconds) {
        if (auto ok = check_range(action, "WaitTimeSeconds", *options.wait_time_seconds, 0, kSqsMaxWaitTimeSeconds);
            !ok) {
            return ok;
        }
    }
    if (options.visibility_timeout) {
        if (auto ok = check_visibility_timeout(action, *options.visibility_timeout); !ok) return ok;
    }
    return check_attribute_names(action, options.attribute_names);
}

Result<void> check_delete_batch(std::string_view action, const std::vector<SqsDeleteEntry>& entries) {
    std::vector<std::string_view> ids;
    for (const SqsDeleteEntry& entry : entries) ids.push_back(entry.id);
    if (auto ok = check_batch_ids(action, ids); !ok) return ok;
    for (const SqsDeleteEntry& entry : entries) {
        if (entry.receipt_handle.empty())
            return invalid(action, "entry " + quoted(entry.id) + ": receipt handle is empty");
        if (auto ok = check_utf8_field(action, "entry " + quoted(entry.id) + ": receipt handle", entry.receipt_handle,
                                       kMaxReceiptHandleBytes);
            !ok) {
            return ok;
        }
    }
    return {};
}

}  // namespace sqs

Result<void> validate_sqs_message_body(std::string_view body) {
    if (const auto problem = sqs::message_body_problem(body)) return make_error(ErrorKind::InvalidArgument, *problem);
    return {};
}

}  // namespace awsrest
