// AwsClient: credentials, SigV4 afresh for every attempt, the standard retry mode and
// clock-skew correction around one HttpClient.
#include "awsrest/aws_client.hpp"

#include <algorithm>
#include <cstdint>

#include "client/debug_dump.hpp"
#include "client/retry.hpp"
#include "core/ascii.hpp"
#include "core/time_text.hpp"

namespace awsrest {

namespace {

// RFC 3986: everything but unreserved characters as %XX.
std::string percent_encoded(std::string_view text) {
    std::string out;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (ascii::is_unreserved(u)) {
            out += c;
        } else {
            ascii::append_percent_escaped(out, u);
        }
    }
    return out;
}

// An error's text with the secret key and session token, as they are and percent-encoded,
// as "<redacted>": whatever the peer echoed in a form no pattern of redact_signing_secrets
// knows. Values under 8 bytes are left (no real key or token is that short; a test's
// secret "s" would otherwise blank every 's' of the message).
std::string without_secrets(std::string text, const Credentials& secrets) {
    constexpr std::size_t kShortest = 8;
    Credentials plain;
    Credentials encoded;
    if (secrets.secret_access_key.size() >= kShortest) {
        plain.secret_access_key = secrets.secret_access_key;
        encoded.secret_access_key = percent_encoded(secrets.secret_access_key);
    }
    if (secrets.session_token.size() >= kShortest) {
        plain.session_token = secrets.session_token;
        encoded.session_token = percent_encoded(secrets.session_token);
    }
    return redact(redact(std::move(text), plain), encoded);
}

}  // namespace

struct AwsClient::Impl {
    Impl(HttpClient& http_client, CredentialsProvider& provider, Clock& time_source, Random* jitter,
         RetryPolicy retry_policy)
        : http(http_client), credentials(provider), clock(time_source), policy(retry_policy) {
        if (jitter == nullptr) {
            own_random = std::make_unique<SeededRandom>();
            jitter = own_random.get();
        }
        random = jitter;
    }

    HttpClient& http;
    CredentialsProvider& credentials;
    Clock& clock;
    Random* random = nullptr;
    std::unique_ptr<SeededRandom> own_random;
    RetryPolicy policy;
    SigningKeyCache keys;
    std::atomic<std::int64_t> offset_seconds{0};
    std::ostream* debug = nullptr;

    // Every line of debug output goes through here, and so through redact(): the
    // secrets as they are, and percent-encoded as a query string would carry them.
    // `make_text` runs only when debugging is on: no dump is built on the normal path.
    template <class MakeText>
    void trace(MakeText make_text, const Credentials& secrets) const {
        if (debug == nullptr) return;
        const std::string text = make_text();
        Credentials encoded;
        encoded.secret_access_key = percent_encoded(secrets.secret_access_key);
        encoded.session_token = percent_encoded(secrets.session_token);
        *debug << redact(redact(text, secrets), encoded) << std::flush;
    }

    Result<SigningResult> sign_attempt(Request& request, const Credentials& credentials, const CallOptions& options);
    // Learns the offset from a skewed answer's Date header. False when it has none.
    bool learn_offset(const Response& response);
};

namespace {

std::string call_name(const CallOptions& options) {
    if (!options.operation.empty()) return options.operation;
    if (!options.service.empty()) return options.service;
    return "request";
}

Error named(Error error, const std::string& name, int attempts) {
    error.message = name + ": " + error.message;
    if (attempts > 1) error.message += " (after " + std::to_string(attempts) + " attempts)";
    return error;
}

bool is_success(int status) { return status >= 200 && status <= 299; }

}  // namespace

Result<SigningResult> AwsClient::Impl::sign_attempt(Request& request, const Credentials& creds,
                                                    const CallOptions& options) {
    const TimePoint time = clock.now() + std::chrono::seconds(offset_seconds.load());
    SigningParams params;
    if (options.s3_rules) {
        params = SigningParams::s3(creds, options.region, time);
        if (!options.service.empty()) params.service = options.service;
    } else {
        params.credentials = creds;
        params.region = options.region;
        params.service = options.service;
        params.time = time;
    }
    if (options.sign_body_header) params.sign_body_header = true;
    if (!options.payload_hash.empty()) params.payload_hash = options.payload_hash;
    return sign(request, params, &keys);
}

bool AwsClient::Impl::learn_offset(const Response& response) {
    const auto date = response.header("Date");
    if (!date) return false;
    const auto server_time = time_text::parse_http_date(*date, time_text::HttpDateForms::Rfc1123);
    if (!server_time) return false;
    const auto offset = std::chrono::round<std::chrono::seconds>(*server_time - clock.now());
    offset_seconds.store(offset.count());
    return true;
}

AwsClient::AwsClient(HttpClient& http, CredentialsProvider& credentials, Clock& clock, Random* random,
                     RetryPolicy policy)
    : impl_(std::make_unique<Impl>(http, credentials, clock, random, policy)) {}

AwsClient::~AwsClient() = default;

std::chrono::seconds AwsClient::clock_offset() const { return std::chrono::seconds(impl_->offset_seconds.load()); }

void AwsClient::set_debug(std::ostream* out) { impl_->debug = out; }

Result<Response> AwsClient::call(const Endpoint& endpoint, const Request& request, const CallOptions& options) {
    Impl& d = *impl_;
    const std::string name = call_name(options);
    if (options.region.empty()) return make_error(ErrorKind::InvalidArgument, name + ": no region to sign for");
    if (options.service.empty() && !options.s3_rules) {
        return make_error(ErrorKind::InvalidArgument, name + ": no service name to sign for");
    }

    int allowed = std::max(1, d.policy.max_attempts);
    int retries = 0;  // backoff waits so far
    bool skew_corrected = false;
    for (int attempt = 1;; ++attempt) {
        auto credentials = d.credentials.credentials();  // each attempt: refreshed ones are used
        if (!credentials) return named(std::move(credentials).error(), name, 1);
        const Credentials& creds = *credentials;

        Request signed_request = request;
        if (!find_header(signed_request.headers, "Host")) {
            set_header(signed_request.headers, "Host", endpoint.host_header());
        }
        d.trace(
            [&] {
                return "[awsrest " + name + "] attempt " + std::to_string(attempt) + " of " + std::to_string(allowed) +
                       "\n";
            },
            creds);
        auto signing = d.sign_attempt(signed_request, creds, options);
        if (!signing) return named(std::move(signing).error(), name, 1);
        d.trace([&] { return client::dump_signing(name, *signing); }, creds);
        d.trace([&] { return client::dump_request(name, endpoint, signed_request); }, creds);

        auto sent = d.http.send(endpoint, signed_request, SendOptions{options.cancel});
        Error failure;
        if (sent) {
            d.trace([&] { return client::dump_response(name, *sent); }, creds);
            if (is_success(sent->status)) return std::move(sent).value();
            failure = error_from_response(*sent, "");
            if (is_clock_skew(failure) && !skew_corrected && d.learn_offset(*sent)) {
                skew_corrected = true;
                ++allowed;  // one extra attempt, at once, outside the retry budget
                d.trace(
                    [&] {
                        return "[awsrest " + name + "] clock skew: offset now " +
                               std::to_string(d.offset_seconds.load()) + " s, signing again\n";
                    },
                    creds);
                continue;
            }
        } else {
            failure = std::move(sent).error();
            d.trace([&] { return "[awsrest " + name + "] " + failure.message + "\n"; }, creds);
        }

        const bool cancelled = options.cancel != nullptr && options.cancel->load();
        if (!is_retryable(failure) || attempt >= allowed || cancelled) {
            failure.message = without_secrets(std::move(failure.message), creds);  // whatever the peer echoed
            return named(std::move(failure), name, attempt);
        }
        const auto delay = client::backoff_delay(d.policy, retries++, *d.random);
        d.trace([&] { return "[awsrest " + name + "] retrying in " + std::to_string(delay.count()) + " ms\n"; }, creds);
        d.clock.sleep_for(delay);
    }
}

}  // namespace awsrest
