// error_from_response: an AWS answer that is not 2xx, as an Error a person can act on.
#include <string>

#include "awsrest/aws_client.hpp"
#include "client/aws_error_body.hpp"
#include "core/excerpt.hpp"
#include "core/secret_redaction.hpp"

namespace awsrest {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

char first_non_space(std::string_view text) {
    for (const char c : text) {
        if (!is_space(c)) return c;
    }
    return '\0';
}

std::optional<client::AwsErrorBody> parse_error_body(const Response& response) {
    std::optional<client::AwsErrorBody> body;
    switch (first_non_space(response.body)) {
        case '{': body = client::parse_json_error_body(response.body); break;
        case '<': body = client::parse_xml_error_body(response.body); break;
        default: break;
    }
    // REST-JSON services may name the error in a header only (HEAD answers have no body).
    if (const auto type = response.header("x-amzn-ErrorType"); type && (!body || body->code.empty())) {
        if (!body) body.emplace();
        body->code = excerpt::printable_line(client::short_error_code(*type), client::kMaxErrorFieldBytes);
    }
    // The SQS JSON protocol names the Query protocol's code here ("code;Sender"); the
    // SDKs report that one, so code written against either protocol keeps working.
    if (const auto query_error = response.header("x-amzn-query-error")) {
        const auto code = query_error->substr(0, query_error->find(';'));
        if (!code.empty()) {
            if (!body) body.emplace();
            body->code = excerpt::printable_line(code, client::kMaxErrorFieldBytes);
        }
    }
    if (body && body->code.empty()) return std::nullopt;
    return body;
}

std::string request_id_of(const Response& response, const std::optional<client::AwsErrorBody>& body) {
    for (const char* name : {"x-amzn-RequestId", "x-amz-request-id"}) {
        if (const auto id = response.header(name); id && !id->empty()) {
            return excerpt::printable_line(*id, client::kMaxErrorFieldBytes);
        }
    }
    return body ? body->request_id : std::string();
}

}  // namespace

Error error_from_response(const Response& response, std::string_view operation) {
    const std::string prefix = operation.empty() ? std::string() : std::string(operation) + ": ";
    const auto body = parse_error_body(response);

    Error error;
    error.http_status = response.status;
    error.request_id = request_id_of(response, body);
    if (body) {
        error.kind = ErrorKind::Service;
        error.code = body->code;
        error.message = prefix + (body->message.empty() ? "(no message)" : body->message);
        return error;
    }
    error.kind = ErrorKind::Http;
    error.message = prefix + "HTTP " + std::to_string(response.status);
    const std::string reason = excerpt::printable_line(response.reason, 100);
    if (!reason.empty()) error.message += " " + reason;
    // Only the start of the body is looked at: the quote is bounded, not the scan.
    const std::string_view start = std::string_view(response.body).substr(0, 4 * client::kErrorBodyQuoteBytes);
    const std::string quote = excerpt::printable_line(redact_signing_secrets(start), client::kErrorBodyQuoteBytes);
    error.message += quote.empty() ? " (empty body)" : ": " + quote;
    return error;
}

}  // namespace awsrest
