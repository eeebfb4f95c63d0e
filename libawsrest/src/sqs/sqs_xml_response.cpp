#include "sqs/sqs_xml_response.hpp"

#include <pugixml.hpp>

#include <optional>

#include "sqs/response_common.hpp"

namespace awsrest::sqs {

namespace {

// Conforming parsing, except that line ends are kept as sent (no "\r\n" -> "\n") and
// whitespace-only text is kept, so a message body arrives byte for byte.
constexpr unsigned kParseFlags = (pugi::parse_default & ~pugi::parse_eol) | pugi::parse_ws_pcdata;

// The element name without a namespace prefix.
std::string_view local_name(const pugi::xml_node& node) {
    const std::string_view name = node.name();
    const auto colon = name.find(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// The first child element of that local name, or an empty node.
pugi::xml_node child(const pugi::xml_node& parent, std::string_view name) {
    for (const pugi::xml_node& node : parent.children()) {
        if (node.type() == pugi::node_element && local_name(node) == name) return node;
    }
    return {};
}

std::size_t count_children(const pugi::xml_node& parent, std::string_view name) {
    std::size_t count = 0;
    for (const pugi::xml_node& node : parent.children()) {
        if (node.type() == pugi::node_element && local_name(node) == name) ++count;
    }
    return count;
}

// All text and CDATA directly inside the element, as sent.
std::string text_of(const pugi::xml_node& node) {
    std::string text;
    for (const pugi::xml_node& part : node.children()) {
        if (part.type() == pugi::node_pcdata || part.type() == pugi::node_cdata) text += part.value();
    }
    return text;
}

std::string trimmed(std::string text) {
    constexpr std::string_view kWhitespace = " \t\r\n";
    const auto first = text.find_first_not_of(kWhitespace);
    if (first == std::string::npos) return {};
    const auto last = text.find_last_not_of(kWhitespace);
    return text.substr(first, last - first + 1);
}

// One answer document of one call, keeping the first problem found.
class XmlAnswer {
  public:
    explicit XmlAnswer(std::string_view action) : action_(action) {}

    bool failed() const noexcept { return error_.has_value(); }
    Error error() const { return *error_; }
    void fail(std::string detail) {
        if (!error_) error_ = parse_error(action_, detail);
    }

    // Parses `body` and checks the root is <ActionResponse>; returns the root.
    pugi::xml_node load(std::string_view body) {
        if (body.size() > kMaxResponseBytes) {
            fail("response is " + std::to_string(body.size()) + " bytes, more than the " +
                 std::to_string(kMaxResponseBytes) + " bytes parsed");
            return {};
        }
        const pugi::xml_parse_result parsed =
            document_.load_buffer(body.data(), body.size(), kParseFlags, pugi::encoding_utf8);
        if (!parsed) {
            fail("response is not valid XML at offset " + std::to_string(parsed.offset) + " (" + parsed.description() +
                 ")");
            return {};
        }
        const pugi::xml_node root = document_.document_element();
        const std::string expected = action_ + "Response";
        if (!root) {
            fail("response has no XML element");
            return {};
        }
        if (local_name(root) != expected) {
            fail("response is <" + std::string(local_name(root)) + ">, not <" + expected + ">");
            return {};
        }
        return root;
    }

    // <ActionResult> inside the root.
    pugi::xml_node result(const pugi::xml_node& root) {
        const std::string name = action_ + "Result";
        const pugi::xml_node node = child(root, name);
        if (!node) fail("response has no <" + name + ">");
        return node;
    }

    // The trimmed text of a required child element.
    std::string required(const pugi::xml_node& parent, std::string_view name, std::string_view where) {
        const pugi::xml_node node = child(parent, name);
        if (!node) {
            fail(std::string(where) + "has no <" + std::string(name) + ">");
            return {};
        }
        return trimmed(text_of(node));
    }
    std::string optional(const pugi::xml_node& parent, std::string_view name) {
        const pugi::xml_node node = child(parent, name);
        return node ? trimmed(text_of(node)) : std::string();
    }

    // At most `max` children of that name, or a failure.
    bool within(const pugi::xml_node& parent, std::string_view name, std::size_t max) {
        const std::size_t count = count_children(parent, name);
        if (count <= max) return true;
        fail("response has " + std::to_string(count) + " <" + std::string(name) + "> elements, more than the " +
             std::to_string(max) + " SQS sends");
        return false;
    }

    // <Attribute><Name/><Value/></Attribute> children; values kept as sent.
    SqsAttributes attributes(const pugi::xml_node& parent, std::string_view where) {
        SqsAttributes map;
        if (!within(parent, "Attribute", kMaxAttributesPerAnswer)) return map;
        for (const pugi::xml_node& node : parent.children()) {
            if (node.type() != pugi::node_element || local_name(node) != "Attribute") continue;
            const std::string name = required(node, "Name", std::string(where) + "<Attribute> ");
            const pugi::xml_node value = child(node, "Value");
            if (!value) fail(std::string(where) + "<Attribute> " + name + " has no <Value>");
            if (failed()) return map;
            map[name] = text_of(value);
        }
        return map;
    }

    // Names the result element in messages about its children: "<SendMessageResult> ".
    std::string result_where() const { return "<" + action_ + "Result> "; }

  private:
    std::string action_;
    pugi::xml_document document_;
    std::optional<Error> error_;
};

// "true"/"false" as SenderFault has it.
bool parse_flag(XmlAnswer& answer, const std::string& text, std::string_view where) {
    if (text == "true" || text == "True" || text == "1") return true;
    if (text.empty() || text == "false" || text == "False" || text == "0") return false;
    answer.fail(std::string(where) + "<SenderFault> is not true or false");
    return false;
}

// Every <entry_name> (via read_sent) and <BatchResultErrorEntry> of a batch result.
template <class Sent>
bool read_batch(XmlAnswer& answer, const pugi::xml_node& result, std::string_view entry_name,
                std::vector<Sent>& successful, std::vector<SqsBatchFailure>& failed,
                Sent (*read_sent)(XmlAnswer&, const pugi::xml_node&, const std::string&)) {
    constexpr std::string_view kErrorEntry = "BatchResultErrorEntry";
    if (count_children(result, entry_name) + count_children(result, kErrorEntry) > kMaxBatchResultEntries) {
        answer.fail("response has more than " + std::to_string(kMaxBatchResultEntries) + " batch result entries");
        return false;
    }
    std::size_t sent_index = 0;
    std::size_t failed_index = 0;
    for (const pugi::xml_node& node : result.children()) {
        if (node.type() != pugi::node_element) continue;
        const std::string_view name = local_name(node);
        if (name == entry_name) {
            const std::string where = "<" + std::string(entry_name) + "> " + std::to_string(++sent_index) + " ";
            successful.push_back(read_sent(answer, node, where));
        } else if (name == kErrorEntry) {
            const std::string where = "<" + std::string(kErrorEntry) + "> " + std::to_string(++failed_index) + " ";
            SqsBatchFailure failure;
            failure.id = answer.required(node, "Id", where);
            failure.code = answer.required(node, "Code", where);
            failure.message = answer.optional(node, "Message");
            failure.sender_fault = parse_flag(answer, answer.optional(node, "SenderFault"), where);
            failed.push_back(std::move(failure));
        }
        if (answer.failed()) return false;
    }
    return true;
}

SqsBatchSent read_sent_entry(XmlAnswer& answer, const pugi::xml_node& node, const std::string& where) {
    SqsBatchSent sent;
    sent.id = answer.required(node, "Id", where);
    sent.message_id = answer.required(node, "MessageId", where);
    sent.md5_of_body = answer.required(node, "MD5OfMessageBody", where);
    sent.sequence_number = answer.optional(node, "SequenceNumber");
    return sent;
}

std::string read_deleted_entry(XmlAnswer& answer, const pugi::xml_node& node, const std::string& where) {
    return answer.required(node, "Id", where);
}

}  // namespace

Result<std::string> parse_xml_queue_url(std::string_view body, std::string_view action) {
    XmlAnswer answer(action);
    const pugi::xml_node root = answer.load(body);
    if (answer.failed()) return answer.error();
    const pugi::xml_node result = answer.result(root);
    if (answer.failed()) return answer.error();
    std::string url = answer.required(result, "QueueUrl", answer.result_where());
    if (answer.failed()) return answer.error();
    if (url.empty()) return parse_error(action, "<QueueUrl> is empty");
    return url;
}

Result<SqsSendResult> parse_xml_send_message(std::string_view body) {
    XmlAnswer answer("SendMessage");
    const pugi::xml_node root = answer.load(body);
    if (answer.failed()) return answer.error();
    const pugi::xml_node result = answer.result(root);
    if (answer.failed()) return answer.error();
    SqsSendResult sent;
    sent.message_id = answer.required(result, "MessageId", answer.result_where());
    sent.md5_of_body = answer.required(result, "MD5OfMessageBody", answer.result_where());
    sent.sequence_number = answer.optional(result, "SequenceNumber");
    if (answer.failed()) return answer.error();
    return sent;
}

Result<SqsSendBatchResult> parse_xml_send_message_batch(std::string_view body) {
    XmlAnswer answer("SendMessageBatch");
    const pugi::xml_node root = answer.load(body);
    if (answer.failed()) return answer.error();
    const pugi::xml_node result = answer.result(root);
    if (answer.failed()) return answer.error();
    SqsSendBatchResult batch;
    if (!read_batch(answer, result, "SendMessageBatchResultEntry", batch.successful, batch.failed, &read_sent_entry)) {
        return answer.error();
    }
    return batch;
}

Result<std::vector<SqsMessage>> parse_xml_receive_message(std::string_view body) {
    XmlAnswer answer("ReceiveMessage");
    const pugi::xml_node root = answer.load(body);
    if (answer.failed()) return answer.error();
    const pugi::xml_node result = answer.result(root);
    if (answer.failed()) return answer.error();
    if (!answer.within(result, "Message", kMaxMessagesPerAnswer)) return answer.error();
    std::vector<SqsMessage> messages;
    for (const pugi::xml_node& node : result.children()) {
        if (node.type() != pugi::node_element || local_name(node) != "Message") continue;
        const std::string where = "<Message> " + std::to_string(messages.size() + 1) + " ";
        SqsMessage message;
        message.message_id = answer.required(node, "MessageId", where);
        message.receipt_handle = answer.required(node, "ReceiptHandle", where);
        message.md5_of_body = answer.required(node, "MD5OfBody", where);
        const pugi::xml_node message_body = child(node, "Body");
        if (!message_body) answer.fail(where + "has no <Body>");
        message.body = text_of(message_body);
        message.attributes = answer.attributes(node, where);
        if (answer.failed()) return answer.error();
        messages.push_back(std::move(message));
    }
    return messages;
}

Result<SqsDeleteBatchResult> parse_xml_delete_message_batch(std::string_view body) {
    XmlAnswer answer("DeleteMessageBatch");
    const pugi::xml_node root = answer.load(body);
    if (answer.failed()) return answer.error();
    const pugi::xml_node result = answer.result(root);
    if (answer.failed()) return answer.error();
    SqsDeleteBatchResult batch;
    if (!read_batch(answer, result, "DeleteMessageBatchResultEntry", batch.successful, batch.failed,
                    &read_deleted_entry)) {
        return answer.error();
    }
    return batch;
}

Result<SqsAttributes> parse_xml_queue_attributes(std::string_view body) {
    XmlAnswer answer("GetQueueAttributes");
    const pugi::xml_node root = answer.load(body);
    if (answer.failed()) return answer.error();
    const pugi::xml_node result = answer.result(root);
    if (answer.failed()) return answer.error();
    SqsAttributes attributes = answer.attributes(result, answer.result_where());
    if (answer.failed()) return answer.error();
    return attributes;
}

Result<void> parse_xml_empty(std::string_view body, std::string_view action) {
    if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return {};
    XmlAnswer answer(action);
    (void)answer.load(body);
    if (answer.failed()) return answer.error();
    return {};
}

}  // namespace awsrest::sqs
