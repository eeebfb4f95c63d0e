// Which errors the standard retry mode retries, which mean clock skew, and the backoff.
#include <catch2/catch.hpp>

#include <awsrest/aws_client.hpp>

#include "client/retry.hpp"

using awsrest::Error;
using awsrest::ErrorKind;

namespace {

Error service(int status, std::string code, std::string message = "") {
    Error error;
    error.kind = ErrorKind::Service;
    error.http_status = status;
    error.code = std::move(code);
    error.message = std::move(message);
    return error;
}

Error http(int status) {
    Error error;
    error.kind = ErrorKind::Http;
    error.http_status = status;
    return error;
}

class FixedRandom final : public awsrest::Random {
  public:
    explicit FixedRandom(double unit) : unit_(unit) {}
    double next_unit() override { return unit_; }

  private:
    double unit_;
};

}  // namespace

TEST_CASE("client: throttling codes are retried whatever their status", "[client][retry]") {
    for (const char* code :
         {"Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
          "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
          "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown",
          "PriorRequestNotComplete", "EC2ThrottledException"}) {
        INFO(code);
        CHECK(awsrest::is_retryable(service(400, code)));
    }
}

TEST_CASE("client: 5xx and 429 are retried, other 4xx are not", "[client][retry]") {
    CHECK(awsrest::is_retryable(http(500)));
    CHECK(awsrest::is_retryable(http(502)));
    CHECK(awsrest::is_retryable(http(503)));
    CHECK(awsrest::is_retryable(http(504)));
    CHECK(awsrest::is_retryable(service(500, "InternalError")));
    CHECK(awsrest::is_retryable(service(503, "ServiceUnavailable")));
    CHECK(awsrest::is_retryable(http(429)));
    CHECK_FALSE(awsrest::is_retryable(http(501)));
    CHECK_FALSE(awsrest::is_retryable(http(400)));
    CHECK_FALSE(awsrest::is_retryable(http(404)));
    CHECK_FALSE(awsrest::is_retryable(service(400, "ValidationError")));
    CHECK_FALSE(awsrest::is_retryable(service(403, "AccessDenied")));
    CHECK_FALSE(awsrest::is_retryable(service(400, "AWS.SimpleQueueService.NonExistentQueue")));
    CHECK_FALSE(awsrest::is_retryable(service(403, "InvalidSignatureException")));
}

TEST_CASE("client: transient network failures are retried, permanent ones are not", "[client][retry]") {
    auto network = [](const char* message) { return awsrest::make_error(ErrorKind::Network, message); };
    CHECK(awsrest::is_retryable(network("connection refused")));
    CHECK(
        awsrest::is_retryable(network("could not connect: Failed to connect to 127.0.0.1 port 9: Connection "
                                      "refused (curl error 7, GET http://127.0.0.1:9/)")));
    CHECK(awsrest::is_retryable(network("timed out: Operation timed out after 300 milliseconds (curl error 28)")));
    CHECK(awsrest::is_retryable(network("connection dropped: Recv failure: Connection reset by peer")));
    CHECK(awsrest::is_retryable(network("could not resolve host: sqs.example.invalid")));
    CHECK_FALSE(awsrest::is_retryable(network("TLS failure: SSL certificate problem: unable to get local issuer")));
    CHECK_FALSE(awsrest::is_retryable(network("response larger than 1024 bytes (GET http://127.0.0.1:9/)")));
    CHECK_FALSE(awsrest::is_retryable(awsrest::make_error(ErrorKind::Parse, "connection refused")));
    CHECK_FALSE(awsrest::is_retryable(awsrest::make_error(ErrorKind::Credentials, "timed out")));
}

TEST_CASE("client: clock skew is recognised from the code, or from the message for signature codes",
          "[client][retry]") {
    CHECK(awsrest::is_clock_skew(service(
        403, "RequestTimeTooSkewed", "The difference between the request time and the current time is too large.")));
    CHECK(awsrest::is_clock_skew(service(400, "RequestExpired", "Request has expired.")));
    CHECK(awsrest::is_clock_skew(service(403, "SignatureExpired")));
    CHECK(awsrest::is_clock_skew(service(400, "InvalidSignatureException",
                                         "Signature expired: 20150830T123600Z is now earlier than 20150830T125100Z "
                                         "(20150830T130100Z - 10 min.)")));
    CHECK(awsrest::is_clock_skew(service(400, "InvalidSignatureException",
                                         "Signature not yet current: 20150830T130600Z is still later than "
                                         "20150830T125600Z (20150830T125100Z + 5 min.)")));
    CHECK(awsrest::is_clock_skew(service(401, "AuthFailure", "Signature expired: 20150830T123600Z is now earlier")));
    CHECK_FALSE(awsrest::is_clock_skew(
        service(400, "InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided.")));
    CHECK_FALSE(awsrest::is_clock_skew(service(401, "AuthFailure", "AWS was not able to validate the credentials.")));
    CHECK_FALSE(awsrest::is_clock_skew(service(400, "ValidationError", "Signature expired")));
    CHECK_FALSE(awsrest::is_clock_skew(http(403)));
}

TEST_CASE("client: credentials AWS refuses, or none at all, are a credentials problem", "[client][retry]") {
    CHECK(awsrest::is_credentials_problem(awsrest::make_error(ErrorKind::Credentials, "no credentials: ...")));
    CHECK(awsrest::is_credentials_problem(service(403, "InvalidClientTokenId")));
    CHECK(awsrest::is_credentials_problem(service(403, "UnrecognizedClientException")));
    CHECK(awsrest::is_credentials_problem(service(403, "InvalidAccessKeyId")));
    CHECK(awsrest::is_credentials_problem(service(403, "ExpiredToken")));
    CHECK(awsrest::is_credentials_problem(
        service(403, "SignatureDoesNotMatch", "The request signature we calculated does not match")));
    CHECK(
        awsrest::is_credentials_problem(service(401, "AuthFailure", "AWS was not able to validate the credentials.")));
    // A skewed clock is corrected, not a credentials problem; neither is throttling or a network failure.
    CHECK_FALSE(awsrest::is_credentials_problem(service(403, "SignatureDoesNotMatch", "Signature expired: 2015")));
    CHECK_FALSE(awsrest::is_credentials_problem(service(400, "ThrottlingException")));
    CHECK_FALSE(awsrest::is_credentials_problem(service(400, "AWS.SimpleQueueService.NonExistentQueue")));
    CHECK_FALSE(awsrest::is_credentials_problem(awsrest::make_error(ErrorKind::Network, "connection refused")));
    CHECK_FALSE(awsrest::is_credentials_problem(http(403)));
}

TEST_CASE("client: backoff is full jitter under min(max_delay, base * 2^retry)", "[client][retry]") {
    awsrest::RetryPolicy policy;  // base 100 ms, max 20 s
    FixedRandom half(0.5);
    CHECK(awsrest::client::backoff_delay(policy, 0, half).count() == 50);
    CHECK(awsrest::client::backoff_delay(policy, 1, half).count() == 100);
    CHECK(awsrest::client::backoff_delay(policy, 3, half).count() == 400);
    CHECK(awsrest::client::backoff_delay(policy, 20, half).count() == 10000);    // capped at 20 s
    CHECK(awsrest::client::backoff_delay(policy, 1000, half).count() == 10000);  // no overflow
    FixedRandom zero(0.0);
    CHECK(awsrest::client::backoff_delay(policy, 5, zero).count() == 0);
    FixedRandom almost_one(0.999999);
    CHECK(awsrest::client::backoff_delay(policy, 2, almost_one).count() == 399);
}

TEST_CASE("client: seeded backoff stays under its cap", "[client][retry]") {
    awsrest::SeededRandom random;
    INFO("jitter seed " << random.seed());
    awsrest::RetryPolicy policy;
    for (int retry = 0; retry < 12; ++retry) {
        const long long cap = std::min<long long>(20000, 100LL << retry);
        for (int i = 0; i < 50; ++i) {
            const auto delay = awsrest::client::backoff_delay(policy, retry, random).count();
            CHECK(delay >= 0);
            CHECK(delay <= cap);
        }
    }
}
