// Signs and sends AWS requests: credentials, SigV4, retries with backoff, clock-skew
// correction and AWS error bodies turned into Errors.
#pragma once

#include <atomic>
#include <chrono>
#include <ostream>
#include <string>

#include "awsrest/clock.hpp"
#include "awsrest/credentials.hpp"
#include "awsrest/http.hpp"
#include "awsrest/request.hpp"
#include "awsrest/result.hpp"
#include "awsrest/signer.hpp"

namespace awsrest {

// The SDKs' "standard" retry mode.
struct RetryPolicy {
    int max_attempts = 3;
    std::chrono::milliseconds base_delay{100};
    std::chrono::milliseconds max_delay{20000};
};

struct CallOptions {
    std::string operation;  // names the call in errors and debug output: "SQS.SendMessage"
    std::string region;
    std::string service;    // signing name: "sqs", "s3", "sns", "ec2", "sts"
    bool s3_rules = false;  // S3 canonicalisation and a signed x-amz-content-sha256
    bool sign_body_header = false;
    std::string payload_hash;  // empty: SHA-256 of the body
};

// An AWS error read from a response: JSON (__type/code, message, x-amzn-RequestId,
// x-amzn-query-error) or XML (<ErrorResponse><Error>, S3's <Error>, EC2's
// <Response><Errors><Error>). Non-2xx answers without such a body give kind Http.
// `operation` is named in the message.
Error error_from_response(const Response& response, std::string_view operation);

// Whether an error is worth another attempt: 5xx, throttling codes, transient network
// failures. Never 4xx client errors other than throttling.
bool is_retryable(const Error& error);
// Whether an error says our clock is off: RequestTimeTooSkewed, SignatureExpired,
// InvalidSignatureException about the time, and the like.
bool is_clock_skew(const Error& error);

class AwsClient {
public:
    AwsClient(HttpClient& http, CredentialsProvider& credentials, Clock& clock = system_clock(),
              Random* random = nullptr, RetryPolicy policy = {});
    ~AwsClient();

    // Signs (afresh for every attempt, after the backoff) and sends. Sets Host from the
    // endpoint when the request has none. 2xx: the response. Otherwise the Error from
    // error_from_response, or the last network error, after at most max_attempts.
    Result<Response> call(const Endpoint& endpoint, const Request& request, const CallOptions& options);

    // The offset learned from a skewed answer's Date header, added to the clock when signing.
    std::chrono::seconds clock_offset() const;

    // Each stage of signing and each HTTP exchange, secrets redacted. nullptr: off.
    void set_debug(std::ostream* out);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace awsrest
