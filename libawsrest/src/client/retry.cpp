#include "client/retry.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "core/ascii.hpp"

namespace awsrest {

namespace {

// Codes the SDKs treat as throttling (retry after backoff) whatever the status.
constexpr std::array<std::string_view, 16> kThrottlingCodes = {
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
    // Transient codes of the SDKs' standard mode (S3 answers RequestTimeout with 400).
    "RequestTimeout",
    "RequestTimeoutException",
};

// Codes that always mean the request's time was off.
constexpr std::array<std::string_view, 4> kSkewCodes = {
    "RequestTimeTooSkewed",
    "RequestExpired",
    "SignatureExpired",
    "RequestInTheFuture",
};

// Codes that mean the clock is off only when the message speaks of time.
constexpr std::array<std::string_view, 3> kSkewWhenAboutTimeCodes = {
    "InvalidSignatureException",
    "AuthFailure",
    "SignatureDoesNotMatch",
};

// Codes that mean AWS does not take the credentials (besides kSkewWhenAboutTimeCodes
// when they are not about time).
constexpr std::array<std::string_view, 5> kRefusedCredentialsCodes = {
    "InvalidClientTokenId", "UnrecognizedClientException", "InvalidAccessKeyId",
    "ExpiredToken",         "ExpiredTokenException",
};

bool contains_any(std::string_view text, std::initializer_list<std::string_view> needles) {
    const std::string haystack = ascii::to_lower(text);
    return std::any_of(needles.begin(), needles.end(),
                       [&](std::string_view needle) { return haystack.find(needle) != std::string::npos; });
}

template <std::size_t N>
bool is_one_of(std::string_view code, const std::array<std::string_view, N>& codes) {
    return std::find(codes.begin(), codes.end(), code) != codes.end();
}

// A network failure that another attempt may not meet: refused, reset, dropped,
// timed out, name lookup. Not: TLS failures, answers over the size bound, bad requests.
bool is_transient_network_failure(std::string_view message) {
    if (contains_any(message, {"tls failure", "response larger than", "response headers larger than"})) {
        return false;
    }
    return contains_any(
        message, {"could not connect", "connection refused", "connection reset", "connection dropped",
                  "connection closed", "timed out", "timeout", "could not resolve", "broken pipe", "empty reply"});
}

}  // namespace

bool is_retryable(const Error& error) {
    switch (error.kind) {
        case ErrorKind::Network: return is_transient_network_failure(error.message);
        case ErrorKind::Http:
        case ErrorKind::Service:
            if (is_one_of(error.code, kThrottlingCodes)) return true;
            if (error.http_status == 429) return true;
            return error.http_status >= 500 && error.http_status != 501;  // 501: never implemented
        default: return false;
    }
}

bool is_clock_skew(const Error& error) {
    if (error.kind != ErrorKind::Service) return false;
    if (is_one_of(error.code, kSkewCodes)) return true;
    return is_one_of(error.code, kSkewWhenAboutTimeCodes) &&
           contains_any(error.message, {"signature expired", "not yet current", "too skewed", "request has expired",
                                        "request time", "clock"});
}

bool is_credentials_problem(const Error& error) {
    if (error.kind == ErrorKind::Credentials) return true;
    if (error.kind != ErrorKind::Service || is_clock_skew(error)) return false;
    return is_one_of(error.code, kRefusedCredentialsCodes) || is_one_of(error.code, kSkewWhenAboutTimeCodes);
}

namespace client {

std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int retry, Random& random) {
    const double base = static_cast<double>(std::max<std::int64_t>(0, policy.base_delay.count()));
    const double cap = static_cast<double>(std::max<std::int64_t>(0, policy.max_delay.count()));
    const double ceiling = std::min(cap, base * std::exp2(std::clamp(retry, 0, 62)));
    const double unit = std::clamp(random.next_unit(), 0.0, 1.0);
    return std::chrono::milliseconds(static_cast<std::int64_t>(std::floor(unit * ceiling)));
}

}  // namespace client

}  // namespace awsrest
