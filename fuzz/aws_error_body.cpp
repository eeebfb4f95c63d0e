// Fuzzes what libawsrest reads of a failed AWS answer: the error-body parsers and
// error_from_response (with the query-error and error-type headers taken from the input
// too), the HTTP header-line reader, the Date header parser used for clock skew, and the
// redaction of signing secrets AWS echoes back in error texts.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "awsrest/aws_client.hpp"
#include "client/aws_error_body.hpp"
#include "core/excerpt.hpp"
#include "core/secret_redaction.hpp"
#include "core/time_text.hpp"
#include "http/response_head.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    (void)awsrest::client::parse_json_error_body(input);
    (void)awsrest::client::parse_xml_error_body(input);
    (void)awsrest::excerpt::printable_line(input, 64);
    (void)awsrest::redact_signing_secrets(input);
    (void)awsrest::time_text::parse_http_date(input.substr(0, 64), awsrest::time_text::HttpDateForms::Rfc1123);

    awsrest::http::ResponseHead head;
    std::string_view rest = input;
    while (!rest.empty()) {
        const auto end = rest.find('\n');
        const auto line = rest.substr(0, end == std::string_view::npos ? rest.size() : end + 1);
        if (!head.add_line(line)) break;
        rest.remove_prefix(line.size());
    }

    awsrest::Response response;
    response.status = 400 + (size > 0 ? data[0] % 200 : 0);
    response.reason = head.reason();
    response.headers = head.take_headers();
    response.body = std::string(input);
    if (size > 1 && (data[1] & 1) != 0)
        response.headers.push_back({"x-amzn-query-error", std::string(input.substr(0, 40))});
    if (size > 1 && (data[1] & 2) != 0)
        response.headers.push_back({"x-amzn-ErrorType", std::string(input.substr(0, 60))});
    const awsrest::Error error = awsrest::error_from_response(response, "Fuzz.Operation");
    (void)awsrest::is_retryable(error);
    (void)awsrest::is_clock_skew(error);
    (void)awsrest::is_credentials_problem(error);
    return 0;
}
