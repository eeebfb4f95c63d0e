#include "sqs/sqs_json_response.hpp"

#include <optional>

#include "sqs/json_tree.hpp"
#include "sqs/response_common.hpp"

namespace awsrest::sqs {

namespace {

// Reads members of an answer, keeping the first problem found. `where` prefixes member
// names in messages: "" at the top, "Messages[2]." inside an array.
class JsonFields {
public:
    explicit JsonFields(std::string_view action) : action_(action) {}

    bool failed() const noexcept { return error_.has_value(); }
    Error error() const { return *error_; }
    void fail(std::string detail) {
        if (!error_) error_ = parse_error(action_, detail);
    }

    // Parses `body`: valid JSON, an object, within kMaxResponseBytes and the tree bounds.
    bool load(JsonNode& root, std::string_view body) {
        if (body.size() > kMaxResponseBytes) {
            fail("response is " + std::to_string(body.size()) + " bytes, more than the " +
                 std::to_string(kMaxResponseBytes) + " bytes parsed");
            return false;
        }
        JsonParse parsed = parse_json_tree(body);
        if (parsed.problem) {
            fail(*parsed.problem);
            return false;
        }
        if (!parsed.root.is_object()) {
            fail("response is not a JSON object");
            return false;
        }
        root = std::move(parsed.root);
        return true;
    }

    std::string required_string(const JsonNode& object, std::string_view name, std::string_view where) {
        const JsonNode* value = object.member(name);
        if (value == nullptr) {
            fail(std::string(where) + std::string(name) + " is missing");
            return {};
        }
        return as_string(*value, name, where);
    }

    std::string optional_string(const JsonNode& object, std::string_view name, std::string_view where) {
        const JsonNode* value = object.member(name);
        return value == nullptr ? std::string() : as_string(*value, name, where);
    }

    // A boolean, or the strings "true"/"false" some servers send instead.
    bool optional_bool(const JsonNode& object, std::string_view name, std::string_view where) {
        const JsonNode* value = object.member(name);
        if (value == nullptr) return false;
        if (value->kind == JsonNode::Kind::Bool) return value->boolean;
        if (value->is_string() && (value->text == "true" || value->text == "false")) return value->text == "true";
        fail(std::string(where) + std::string(name) + " is not a boolean");
        return false;
    }

    // An array member of at most max_size elements; nullptr when absent or on error.
    const JsonNode* optional_array(const JsonNode& object, std::string_view name, std::string_view where,
                                   std::size_t max_size) {
        const JsonNode* value = object.member(name);
        if (value == nullptr) return nullptr;
        if (!value->is_array()) {
            fail(std::string(where) + std::string(name) + " is not an array");
            return nullptr;
        }
        if (value->items.size() > max_size) {
            fail(std::string(where) + std::string(name) + " has " + std::to_string(value->items.size()) +
                 " entries, more than the " + std::to_string(max_size) + " SQS sends");
            return nullptr;
        }
        return value;
    }

    // An object of string values; empty when absent.
    SqsAttributes string_map(const JsonNode& object, std::string_view name, std::string_view where) {
        SqsAttributes map;
        const JsonNode* value = object.member(name);
        if (value == nullptr) return map;
        if (!value->is_object()) {
            fail(std::string(where) + std::string(name) + " is not an object");
            return map;
        }
        if (value->items.size() > kMaxAttributesPerAnswer) {
            fail(std::string(where) + std::string(name) + " has " + std::to_string(value->items.size()) +
                 " members, more than the " + std::to_string(kMaxAttributesPerAnswer) + " parsed");
            return map;
        }
        for (std::size_t i = 0; i < value->items.size(); ++i) {
            const std::string& key = value->names[i];
            if (!value->items[i].is_string()) {
                fail(std::string(where) + std::string(name) + "." + key + " is not a string");
                return map;
            }
            map.emplace(key, value->items[i].text);
        }
        return map;
    }

    // The object at index i of an array, or nullptr after failing.
    const JsonNode* entry(const JsonNode& array, std::string_view name, std::size_t index) {
        const JsonNode& node = array.items[index];
        if (node.is_object()) return &node;
        fail(std::string(name) + "[" + std::to_string(index) + "] is not an object");
        return nullptr;
    }

    // "<name>[<index>]."
    static std::string element(std::string_view name, std::size_t index) {
        return std::string(name) + "[" + std::to_string(index) + "].";
    }

private:
    std::string as_string(const JsonNode& value, std::string_view name, std::string_view where) {
        if (!value.is_string()) {
            fail(std::string(where) + std::string(name) + " is not a string");
            return {};
        }
        return value.text;
    }

    std::string action_;
    std::optional<Error> error_;
};

// Successful entries and Failed entries, shared by SendMessageBatch and DeleteMessageBatch.
template <class Sent>
bool read_batch(JsonFields& fields, const JsonNode& root, std::vector<Sent>& successful,
                std::vector<SqsBatchFailure>& failed,
                Sent (*read_sent)(JsonFields&, const JsonNode&, const std::string&)) {
    const JsonNode* sent = fields.optional_array(root, "Successful", "", kMaxBatchResultEntries);
    const JsonNode* refused = fields.optional_array(root, "Failed", "", kMaxBatchResultEntries);
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
        failure.id = fields.required_string(*entry, "Id", where);
        failure.code = fields.required_string(*entry, "Code", where);
        failure.message = fields.optional_string(*entry, "Message", where);
        failure.sender_fault = fields.optional_bool(*entry, "SenderFault", where);
        failed.push_back(std::move(failure));
    }
    return !fields.failed();
}

SqsBatchSent read_sent_entry(JsonFields& fields, const JsonNode& entry, const std::string& where) {
    SqsBatchSent sent;
    sent.id = fields.required_string(entry, "Id", where);
    sent.message_id = fields.required_string(entry, "MessageId", where);
    sent.md5_of_body = fields.required_string(entry, "MD5OfMessageBody", where);
    sent.sequence_number = fields.optional_string(entry, "SequenceNumber", where);
    return sent;
}

std::string read_deleted_entry(JsonFields& fields, const JsonNode& entry, const std::string& where) {
    return fields.required_string(entry, "Id", where);
}

}  // namespace

Result<std::string> parse_json_queue_url(std::string_view body, std::string_view action) {
    JsonFields fields(action);
    JsonNode root;
    if (!fields.load(root, body)) return fields.error();
    std::string url = fields.required_string(root, "QueueUrl", "");
    if (fields.failed()) return fields.error();
    if (url.empty()) return parse_error(action, "QueueUrl is empty");
    return url;
}

Result<SqsSendResult> parse_json_send_message(std::string_view body) {
    JsonFields fields("SendMessage");
    JsonNode root;
    if (!fields.load(root, body)) return fields.error();
    SqsSendResult result;
    result.message_id = fields.required_string(root, "MessageId", "");
    result.md5_of_body = fields.required_string(root, "MD5OfMessageBody", "");
    result.sequence_number = fields.optional_string(root, "SequenceNumber", "");
    if (fields.failed()) return fields.error();
    return result;
}

Result<SqsSendBatchResult> parse_json_send_message_batch(std::string_view body) {
    JsonFields fields("SendMessageBatch");
    JsonNode root;
    if (!fields.load(root, body)) return fields.error();
    SqsSendBatchResult result;
    if (!read_batch(fields, root, result.successful, result.failed, &read_sent_entry)) return fields.error();
    return result;
}

Result<std::vector<SqsMessage>> parse_json_receive_message(std::string_view body) {
    JsonFields fields("ReceiveMessage");
    JsonNode root;
    if (!fields.load(root, body)) return fields.error();
    std::vector<SqsMessage> messages;
    const JsonNode* list = fields.optional_array(root, "Messages", "", kMaxMessagesPerAnswer);
    if (fields.failed()) return fields.error();
    if (list == nullptr) return messages;
    for (std::size_t i = 0; i < list->items.size(); ++i) {
        const JsonNode* entry = fields.entry(*list, "Messages", i);
        if (entry == nullptr) return fields.error();
        const std::string where = JsonFields::element("Messages", i);
        SqsMessage message;
        message.message_id = fields.required_string(*entry, "MessageId", where);
        message.receipt_handle = fields.required_string(*entry, "ReceiptHandle", where);
        message.body = fields.required_string(*entry, "Body", where);
        message.md5_of_body = fields.required_string(*entry, "MD5OfBody", where);
        message.attributes = fields.string_map(*entry, "Attributes", where);
        if (fields.failed()) return fields.error();
        messages.push_back(std::move(message));
    }
    return messages;
}

Result<SqsDeleteBatchResult> parse_json_delete_message_batch(std::string_view body) {
    JsonFields fields("DeleteMessageBatch");
    JsonNode root;
    if (!fields.load(root, body)) return fields.error();
    SqsDeleteBatchResult result;
    if (!read_batch(fields, root, result.successful, result.failed, &read_deleted_entry)) return fields.error();
    return result;
}

Result<SqsAttributes> parse_json_queue_attributes(std::string_view body) {
    JsonFields fields("GetQueueAttributes");
    JsonNode root;
    if (!fields.load(root, body)) return fields.error();
    SqsAttributes attributes = fields.string_map(root, "Attributes", "");
    if (fields.failed()) return fields.error();
    return attributes;
}

Result<void> parse_json_empty(std::string_view body, std::string_view action) {
    if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return {};
    JsonFields fields(action);
    JsonNode root;
    if (!fields.load(root, body)) return fields.error();
    return {};
}

}  // namespace awsrest::sqs
