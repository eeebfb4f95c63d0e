// The parsers of AWS error bodies behind error_from_response, reachable by tests and
// the fuzz target. Each takes untrusted bytes and never fails hard: a body that is not
// an AWS error of its shape gives nullopt.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace awsrest::client {

// Bodies longer than this are not parsed (the answer is reported as a plain HTTP error).
inline constexpr std::size_t kMaxErrorBodyBytes = 1024 * 1024;
// Longest code, message or request id kept from a body or header.
inline constexpr std::size_t kMaxErrorFieldBytes = 1024;
// How much of an unrecognised body an Http error quotes.
inline constexpr std::size_t kErrorBodyQuoteBytes = 200;

struct AwsErrorBody {
    std::string code;  // "QueueDoesNotExist": the part after '#', before ':'
    std::string message;
    std::string request_id;  // from the body, when it has one
};

// {"__type": "com.amazonaws.sqs#QueueDoesNotExist", "message": "..."}; "code"/"Code" and
// "Message"/"errorMessage" too. nullopt unless it is a JSON object.
std::optional<AwsErrorBody> parse_json_error_body(std::string_view body);

// <ErrorResponse><Error><Code/><Message/></Error><RequestId/></ErrorResponse> (Query
// protocol: SQS, SNS, STS), <Error><Code/><Message/><RequestId/></Error> (S3) and
// <Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>
// (EC2). nullopt for any other document or one without a Code.
std::optional<AwsErrorBody> parse_xml_error_body(std::string_view body);

// The code part of "com.amazonaws.sqs#QueueDoesNotExist" or of an x-amzn-ErrorType
// value "ValidationException:http://internal.amazon.com/...".
std::string_view short_error_code(std::string_view type);

}  // namespace awsrest::client
