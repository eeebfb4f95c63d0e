#include "sqs/sqs_json_response.hpp"

#include <optional>

#include "core/json_fields.hpp"
#include "sqs/response_common.hpp"

namespace awsrest::sqs {

namespace {

using json::JsonFields;
using json::JsonNode;
using json::Need;

JsonFields fields_of(std::string_view action) { return JsonFields(operation_name(action), "SQS", kMaxResponseBytes); }

// An object of string values; empty when absent.
SqsAttributes string_map(JsonFields& fields, const JsonNode& object, std::string_view name, std::string_view where) {
    SqsAttributes map;
    const JsonNode* value = fields.object(object, name, where, kMaxAttributesPerAnswer);
    if (value == nullptr) return map;
    for (std::size_t i = 0; i < value->items.size(); ++i) {
        const std::string& key = value->names[i];
        if (!value->items[i].is_string()) {
            fields.fail(std::string(where) + std::string(name) + "." + key + " is not a string");
            return map;
        }
        map.emplace(key, value->items[i].text);
    }
    return map;
}

// Successful entries and Failed entries, shared by SendMessageBatch and DeleteMessageBatch.
template <class Sent>
bool read_batch(JsonFields& fields, const JsonNode& root, std::vector<Sent>& successful,
                std::vector<SqsBatchFailure>& failed,
                Sent (*read_sent)(JsonFields&, const JsonNode&, const std::string&)) {
    const JsonNode* sent = fields.array(root, "Successful", "", kMaxBatchResultEntries);
    const JsonNode* refused = fields.array(root, "Failed", "", kMaxBatchResultEntries);
    if (fields.failed()) return false;
    const std::size_t sent_count = sent == nullptr ? 0 : sent->items.size();
    const std::size_t refused_count = refused == nullptr ? 0 : refused->items.size();
    if (sent_count + refused_count > kMaxBatchResultEntries) {
        fields.fail("response has more than " + std::to_string(kMaxBatchResultEntries) + " batch result entries");
        return false;
    }
    for (std::size_t i = 0; i < sent_count; ++i) {
        const JsonNode* entry = fields.entry(*sent, "Successful", i);
        if (entry == nullptr) return false;
        successful.push_back(read_sent(fields, *entry, JsonFields::element("Successful", i)));
    }
    for (std::size_t i = 0; i < refused_count; ++i) {
        const JsonNode* entry = fields.entry(*refused, "Failed", i);
        if (entry == nullptr) return false;
        const std::string where = JsonFields::element("Failed", i);
        SqsBatchFailure failure;
        failure.id = fields.string(*entry, "Id", where, Need::Required);
        failure.code = fields.string(*entry, "Code", where, Need::Required);
        failure.message = fields.string(*entry, "Message", where, Need::Optional);
        failure.sender_fault = fields.boolean(*entry, "SenderFault", where);
        failed.push_back(std::move(failure));
    }
    return !fields.failed();
}

SqsBatchSent read_sent_entry(JsonFields& fields, const JsonNode& entry, const std::string& where) {
    SqsBatchSent sent;
    sent.id = fields.string(entry, "Id", where, Need::Required);
    sent.message_id = fields.string(entry, "MessageId", where, Need::Required);
    sent.md5_of_body = fields.string(entry, "MD5OfMessageBody", where, Need::Required);
    sent.sequence_number = fields.string(entry, "SequenceNumber", where, Need::Optional);
    return sent;
}

std::string read_deleted_entry(JsonFields& fields, const JsonNode& entry, const std::string& where) {
    return fields.string(entry, "Id", where, Need::Required);
}

}  // namespace

Result<std::string> parse_json_queue_url(std::string_view body, std::string_view action) {
    JsonFields fields = fields_of(action);
    JsonNode root;
    if (!fields.load(root, body)) return fields.error();
    std::string url = fields.string(root, "QueueUrl", "", Need::Required);
    if (fields.failed()) return fields.error();
    if (url.empty()) return parse_error(action, "QueueUrl is empty");
    return url;
}

Result<SqsSendResult> parse_json_send_message(std::string_view body) {
    JsonFields fields = fields_of("SendMessage");
    JsonNode root;
    if (!fields.load(root, body)) return fields.error();
    SqsSendResult result;
    result.message_id = fields.string(root, "MessageId", "", Need::Required);
    result.md5_of_body = fields.string(root, "MD5OfMessageBody", "", Need::Required);
    result.sequence_number = fields.string(root, "SequenceNumber", "", Need::Optional);
    if (fields.failed()) return fields.error();
    return result;
}

Result<SqsSendBatchResult> parse_json_send_message_batch(std::string_view body) {
    JsonFields fields = fields_of("SendMessageBatch");
    JsonNode root;
    if (!fields.load(root, body)) return fields.error();
    SqsSendBatchResult result;
    if (!read_batch(fields, root, result.successful, result.failed, &read_sent_entry)) return fields.error();
    return result;
}

Result<std::vector<SqsMessage>> parse_json_receive_message(std::string_view body) {
    JsonFields fields = fields_of("ReceiveMessage");
    JsonNode root;
    if (!fields.load(root, body)) return fields.error();
    std::vector<SqsMessage> messages;
    const JsonNode* list = fields.array(root, "Messages", "", kMaxMessagesPerAnswer);
    if (fields.failed()) return fields.error();
    if (list == nullptr) return messages;
    for (std::size_t i = 0; i < list->items.size(); ++i) {
        const JsonNode* entry = fields.entry(*list, "Messages", i);
        if (entry == nullptr) return fields.error();
        const std::string where = JsonFields::element("Messages", i);
        SqsMessage message;
        message.message_id = fields.string(*entry, "MessageId", where, Need::Required);
        message.receipt_handle = fields.string(*entry, "ReceiptHandle", where, Need::Required);
        message.body = fields.string(*entry, "Body", where, Need::Required);
        message.md5_of_body = fields.string(*entry, "MD5OfBody", where, Need::Required);
        message.attributes = string_map(fields, *entry, "Attributes", where);
        if (fields.failed()) return fields.error();
        messages.push_back(std::move(message));
    }
    return messages;
}

Result<SqsDeleteBatchResult> parse_json_delete_message_batch(std::string_view body) {
    JsonFields fields = fields_of("DeleteMessageBatch");
    JsonNode root;
    if (!fields.load(root, body)) return fields.error();
    SqsDeleteBatchResult result;
    if (!read_batch(fields, root, result.successful, result.failed, &read_deleted_entry)) return fields.error();
    return result;
}

Result<SqsAttributes> parse_json_queue_attributes(std::string_view body) {
    JsonFields fields = fields_of("GetQueueAttributes");
    JsonNode root;
    if (!fields.load(root, body)) return fields.error();
    SqsAttributes attributes = string_map(fields, root, "Attributes", "");
    if (fields.failed()) return fields.error();
    return attributes;
}

Result<void> parse_json_empty(std::string_view body, std::string_view action) {
    if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return {};
    JsonFields fields = fields_of(action);
    JsonNode root;
    if (!fields.load(root, body)) return fields.error();
    return {};
}

}  // namespace awsrest::sqs
