#include "sqs/sqs_json_request.hpp"

#include <rapidjson/writer.h>

namespace awsrest::sqs {

namespace {

// RapidJSON output stream appending to a std::string.
struct StringOutput {
    using Ch = char;
    std::string& out;
    void Put(char c) { out.push_back(c); }
    void Flush() {}
};

// One JSON object written in order, members added by name. Every string goes through
// RapidJSON's writer for escaping; a fresh writer per string writes it as a root value,
// which never touches the writer's level stack (RapidJSON 1.1.0 does arithmetic on its
// null pointer, which UBSan reports). The punctuation between values is written here.
class JsonObject {
  public:
    JsonObject() { text_.push_back('{'); }

    JsonObject& string(std::string_view name, std::string_view value) {
        key(name);
        quoted(value);
        return *this;
    }
    JsonObject& integer(std::string_view name, int value) {
        key(name);
        text_ += std::to_string(value);
        return *this;
    }
    JsonObject& string_list(std::string_view name, const std::vector<std::string>& values) {
        key(name);
        text_.push_back('[');
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (i > 0) text_.push_back(',');
            quoted(values[i]);
        }
        text_.push_back(']');
        return *this;
    }
    JsonObject& string_map(std::string_view name, const SqsAttributes& values) {
        key(name);
        text_.push_back('{');
        bool first = true;
        for (const auto& [member, value] : values) {
            if (!first) text_.push_back(',');
            first = false;
            quoted(member);
            text_.push_back(':');
            quoted(value);
        }
        text_.push_back('}');
        return *this;
    }
    JsonObject& queue_url(std::string_view url) { return string("QueueUrl", url); }

    // An array of objects: begin_array, then begin_entry ... end_entry for each, end_array.
    void begin_array(std::string_view name) {
        key(name);
        text_.push_back('[');
        first_ = true;
    }
    void end_array() {
        text_.push_back(']');
        first_ = false;
    }
    void begin_entry() {
        if (!first_) text_.push_back(',');
        text_.push_back('{');
        first_ = true;
    }
    void end_entry() {
        text_.push_back('}');
        first_ = false;
    }

    std::string finish() {
        text_.push_back('}');
        return std::move(text_);
    }

  private:
    void key(std::string_view name) {
        if (!first_) text_.push_back(',');
        first_ = false;
        quoted(name);
        text_.push_back(':');
    }
    void quoted(std::string_view value) {
        StringOutput output{text_};
        rapidjson::Writer<StringOutput> writer(output);
        // data() of an empty view may be null; RapidJSON asserts a non-null pointer.
        writer.String(value.empty() ? "" : value.data(), static_cast<rapidjson::SizeType>(value.size()));
    }

    std::string text_;
    bool first_ = true;  // nothing written yet in the innermost object or array
};

void add_send_options(JsonObject& object, const SqsSendOptions& options) {
    if (options.delay_seconds) object.integer("DelaySeconds", *options.delay_seconds);
    if (!options.message_group_id.empty()) object.string("MessageGroupId", options.message_group_id);
    if (!options.message_deduplication_id.empty()) {
        object.string("MessageDeduplicationId", options.message_deduplication_id);
    }
}

}  // namespace

std::string json_create_queue(std::string_view queue_name, const SqsAttributes& attributes) {
    JsonObject object;
    object.string("QueueName", queue_name);
    if (!attributes.empty()) object.string_map("Attributes", attributes);
    return object.finish();
}

std::string json_get_queue_url(std::string_view queue_name) {
    return JsonObject().string("QueueName", queue_name).finish();
}

std::string json_send_message(std::string_view queue_url, std::string_view body, const SqsSendOptions& options) {
    JsonObject object;
    object.queue_url(queue_url).string("MessageBody", body);
    add_send_options(object, options);
    return object.finish();
}

std::string json_send_message_batch(std::string_view queue_url, const std::vector<SqsSendEntry>& entries) {
    JsonObject object;
    object.queue_url(queue_url);
    object.begin_array("Entries");
    for (const SqsSendEntry& entry : entries) {
        object.begin_entry();
        object.string("Id", entry.id).string("MessageBody", entry.body);
        add_send_options(object, entry.options);
        object.end_entry();
    }
    object.end_array();
    return object.finish();
}

std::string json_receive_message(std::string_view queue_url, const SqsReceiveOptions& options) {
    JsonObject object;
    object.queue_url(queue_url).integer("MaxNumberOfMessages", options.max_messages);
    if (options.wait_time_seconds) object.integer("WaitTimeSeconds", *options.wait_time_seconds);
    if (options.visibility_timeout) object.integer("VisibilityTimeout", *options.visibility_timeout);
    if (!options.attribute_names.empty()) {
        object.string_list("MessageSystemAttributeNames", options.attribute_names);
        object.string_list("AttributeNames", options.attribute_names);
    }
    return object.finish();
}

std::string json_delete_message(std::string_view queue_url, std::string_view receipt_handle) {
    return JsonObject().queue_url(queue_url).string("ReceiptHandle", receipt_handle).finish();
}

std::string json_delete_message_batch(std::string_view queue_url, const std::vector<SqsDeleteEntry>& entries) {
    JsonObject object;
    object.queue_url(queue_url);
    object.begin_array("Entries");
    for (const SqsDeleteEntry& entry : entries) {
        object.begin_entry();
        object.string("Id", entry.id).string("ReceiptHandle", entry.receipt_handle);
        object.end_entry();
    }
    object.end_array();
    return object.finish();
}

std::string json_change_message_visibility(std::string_view queue_url, std::string_view receipt_handle,
                                           int visibility_timeout_seconds) {
    return JsonObject()
        .queue_url(queue_url)
        .string("ReceiptHandle", receipt_handle)
        .integer("VisibilityTimeout", visibility_timeout_seconds)
        .finish();
}

std::string json_get_queue_attributes(std::string_view queue_url, const std::vector<std::string>& names) {
    JsonObject object;
    object.queue_url(queue_url);
    if (!names.empty()) object.string_list("AttributeNames", names);
    return object.finish();
}

}  // namespace awsrest::sqs
