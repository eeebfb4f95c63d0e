// Signs and sends AWS requests: credentials, SigV4, retries with backoff, clock-skew
// correction and AWS error bodies turned into Errors.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>

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
    // Ends this call early when it turns true (SendOptions::cancel): the attempt in flight
    // within 100 ms, with a Network error "cancelled", and no retry after it. Not owned.
    const std::atomic<bool>* cancel = nullptr;
};

// An AWS error read from a response: JSON (__type/code, message, x-amzn-RequestId,
// x-amzn-query-error) or XML (<ErrorResponse><Error>, S3's <Error>, EC2's
// <Response><Errors><Error>). Non-2xx answers without such a body give kind Http, with
// the status and the first 200 bytes of the body made printable.
// `operation` is named in the message: "SQS.SendMessage: Rate exceeded".
// When the SQS JSON protocol sends x-amzn-query-error ("AWS.SimpleQueueService.
// NonExistentQueue;Sender"), code is that Query-protocol code, as in the SDKs; else the
// part of __type after '#' ("QueueDoesNotExist").
Error error_from_response(const Response& response, std::string_view operation);

// Whether an error is worth another attempt: 5xx (but 501), 429, throttling codes (and
// the SDKs' transient RequestTimeout codes), transient network failures (refused,
// reset, dropped, timed out, name lookup). Never other 4xx, TLS failures or answers
// over the size bound.
bool is_retryable(const Error& error);
// Whether an error says our clock is off: RequestTimeTooSkewed, RequestExpired,
// SignatureExpired, RequestInTheFuture; InvalidSignatureException, AuthFailure or
// SignatureDoesNotMatch when the message is about time ("Signature expired").
bool is_clock_skew(const Error& error);
// Whether an error says the credentials themselves are no good, so that trying again
// with the same ones cannot help: a Credentials error (none found, a source refused), or
// AWS refusing them (InvalidClientTokenId, UnrecognizedClientException,
// InvalidAccessKeyId, ExpiredToken(Exception), and SignatureDoesNotMatch,
// InvalidSignatureException or AuthFailure unless is_clock_skew).
bool is_credentials_problem(const Error& error);

// One call at a time per AwsClient, as its HttpClient is not shared between threads.
class AwsClient {
  public:
    // random: backoff jitter; nullptr: a SeededRandom of its own, seeded at random.
    AwsClient(HttpClient& http, CredentialsProvider& credentials, Clock& clock = system_clock(),
              Random* random = nullptr, RetryPolicy policy = {});
    ~AwsClient();

    // Signs (afresh for every attempt, after the backoff, with credentials fetched anew)
    // and sends. Sets Host from the endpoint when the request has none. 2xx: the
    // response. Otherwise the Error from error_from_response, or the last network error,
    // after at most max_attempts; the message names the operation and, when retried, the
    // number of attempts. A clock-skew error with a Date header sets clock_offset() and
    // is retried at once, one extra attempt beyond max_attempts, once per call.
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
