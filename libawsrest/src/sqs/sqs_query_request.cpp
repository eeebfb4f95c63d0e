#include "sqs/sqs_query_request.hpp"

#include "core/query_form.hpp"

namespace awsrest::sqs {

namespace {

QueryForm start(std::string_view action) {
    QueryForm form;
    form.add("Action", action).add("Version", kQueryApiVersion);
    return form;
}

// "<prefix>.<n>" with n counted from 1.
std::string member(std::string_view prefix, std::size_t index) {
    return std::string(prefix) + "." + std::to_string(index + 1);
}

void add_list(QueryForm& form, std::string_view prefix, const std::vector<std::string>& values) {
    for (std::size_t i = 0; i < values.size(); ++i) form.add(member(prefix, i), values[i]);
}

void add_send_options(QueryForm& form, const std::string& prefix, const SqsSendOptions& options) {
    if (options.delay_seconds) form.add(prefix + "DelaySeconds", *options.delay_seconds);
    if (!options.message_group_id.empty()) form.add(prefix + "MessageGroupId", options.message_group_id);
    if (!options.message_deduplication_id.empty()) {
        form.add(prefix + "MessageDeduplicationId", options.message_deduplication_id);
    }
}

}  // namespace

std::string query_create_queue(std::string_view queue_name, const SqsAttributes& attributes) {
    QueryForm form = start("CreateQueue");
    form.add("QueueName", queue_name);
    std::size_t index = 0;
    for (const auto& [name, value] : attributes) {
        const std::string prefix = member("Attribute", index++);
        form.add(prefix + ".Name", name).add(prefix + ".Value", value);
    }
    return form.text();
}

std::string query_get_queue_url(std::string_view queue_name) {
    return start("GetQueueUrl").add("QueueName", queue_name).text();
}

std::string query_send_message(std::string_view queue_url, std::string_view body, const SqsSendOptions& options) {
    QueryForm form = start("SendMessage");
    form.add("QueueUrl", queue_url).add("MessageBody", body);
    add_send_options(form, "", options);
    return form.text();
}

std::string query_send_message_batch(std::string_view queue_url, const std::vector<SqsSendEntry>& entries) {
    QueryForm form = start("SendMessageBatch");
    form.add("QueueUrl", queue_url);
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const std::string prefix = member("SendMessageBatchRequestEntry", i) + ".";
        form.add(prefix + "Id", entries[i].id).add(prefix + "MessageBody", entries[i].body);
        add_send_options(form, prefix, entries[i].options);
    }
    return form.text();
}

std::string query_receive_message(std::string_view queue_url, const SqsReceiveOptions& options) {
    QueryForm form = start("ReceiveMessage");
    form.add("QueueUrl", queue_url).add("MaxNumberOfMessages", options.max_messages);
    if (options.wait_time_seconds) form.add("WaitTimeSeconds", *options.wait_time_seconds);
    if (options.visibility_timeout) form.add("VisibilityTimeout", *options.visibility_timeout);
    add_list(form, "MessageSystemAttributeName", options.attribute_names);
    add_list(form, "AttributeName", options.attribute_names);
    return form.text();
}

std::string query_delete_message(std::string_view queue_url, std::string_view receipt_handle) {
    return start("DeleteMessage").add("QueueUrl", queue_url).add("ReceiptHandle", receipt_handle).text();
}

std::string query_delete_message_batch(std::string_view queue_url, const std::vector<SqsDeleteEntry>& entries) {
    QueryForm form = start("DeleteMessageBatch");
    form.add("QueueUrl", queue_url);
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const std::string prefix = member("DeleteMessageBatchRequestEntry", i) + ".";
        form.add(prefix + "Id", entries[i].id).add(prefix + "ReceiptHandle", entries[i].receipt_handle);
    }
    return form.text();
}

std::string query_change_message_visibility(std::string_view queue_url, std::string_view receipt_handle,
                                            int visibility_timeout_seconds) {
    return start("ChangeMessageVisibility")
        .add("QueueUrl", queue_url)
        .add("ReceiptHandle", receipt_handle)
        .add("VisibilityTimeout", visibility_timeout_seconds)
        .text();
}

std::string query_get_queue_attributes(std::string_view queue_url, const std::vector<std::string>& names) {
    QueryForm form = start("GetQueueAttributes");
    form.add("QueueUrl", queue_url);
    add_list(form, "AttributeName", names);
    return form.text();
}

}  // namespace awsrest::sqs
