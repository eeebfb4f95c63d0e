// AwsClient over a scripted transport and a manual clock: retries, backoff, re-signing,
// clock-skew correction, credentials per attempt and the redacted debug dump.
#include <catch2/catch.hpp>

#include <atomic>

#include <awsrest/aws_client.hpp>

#include <sstream>

#include "support/scripted_http.hpp"

using awsrest::ErrorKind;
using test_support::ManualClock;
using test_support::ScriptedHttp;
using namespace std::chrono_literals;

namespace {

// The SigV4 test suite's example keys.
constexpr const char* kAccessKey = "AKIDEXAMPLE";
constexpr const char* kSecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

awsrest::Credentials example_credentials(std::string access_key = kAccessKey, std::string token = "") {
    awsrest::Credentials credentials;
    credentials.access_key_id = std::move(access_key);
    credentials.secret_access_key = kSecretKey;
    credentials.session_token = std::move(token);
    credentials.source = "test";
    return credentials;
}

// Hands out the next credentials of a list on every call (the last one again at the end).
class SequenceCredentials final : public awsrest::CredentialsProvider {
  public:
    explicit SequenceCredentials(std::vector<awsrest::Credentials> list) : list_(std::move(list)) {}
    awsrest::Result<awsrest::Credentials> credentials() override {
        const auto index = std::min(calls, list_.size() - 1);
        ++calls;
        return list_[index];
    }
    std::size_t calls = 0;

  private:
    std::vector<awsrest::Credentials> list_;
};

class NoCredentials final : public awsrest::CredentialsProvider {
  public:
    awsrest::Result<awsrest::Credentials> credentials() override {
        return awsrest::make_error(ErrorKind::Credentials, "no credentials in the environment or shared files");
    }
};

// A transport whose every exchange takes five seconds of the manual clock.
class SlowHttp final : public awsrest::HttpClient {
  public:
    SlowHttp(ScriptedHttp& inner, ManualClock& clock) : inner_(inner), clock_(clock) {}
    awsrest::Result<awsrest::Response> send(const awsrest::Endpoint& endpoint, const awsrest::Request& request,
                                            const awsrest::SendOptions& options) override {
        clock_.advance(5s);
        return inner_.send(endpoint, request, options);
    }

  private:
    ScriptedHttp& inner_;
    ManualClock& clock_;
};

awsrest::Endpoint sqs_endpoint() {
    awsrest::Endpoint endpoint;
    endpoint.scheme = "https";
    endpoint.host = "sqs.us-east-1.amazonaws.com";
    return endpoint;
}

awsrest::Request send_message_request() {
    awsrest::Request request;
    request.method = "POST";
    request.path = "/";
    request.headers = {{"Content-Type", "application/x-amz-json-1.0"}, {"X-Amz-Target", "AmazonSQS.SendMessage"}};
    request.body = R"({"QueueUrl":"https://sqs.us-east-1.amazonaws.com/123456789012/q","MessageBody":"hi"})";
    return request;
}

awsrest::CallOptions send_message_options() {
    awsrest::CallOptions options;
    options.operation = "SQS.SendMessage";
    options.region = "us-east-1";
    options.service = "sqs";
    return options;
}

std::string header_of(const ScriptedHttp::Sent& sent, std::string_view name) {
    const auto value = awsrest::find_header(sent.request.headers, name);
    return value ? std::string(*value) : std::string();
}

const char* kThrottlingBody = R"({"__type":"com.amazonaws.sqs#ThrottlingException","message":"Rate exceeded"})";

// What most tests share: a scripted transport, a manual clock, seeded jitter (its seed in
// the failure message), the example credentials and a client over them.
struct Fixture {
    explicit Fixture(awsrest::RetryPolicy policy = {}) : client(http, credentials, clock, &random, policy) {}
    awsrest::Result<awsrest::Response> send_message() {
        return client.call(sqs_endpoint(), send_message_request(), send_message_options());
    }

    ScriptedHttp http;
    ManualClock clock;
    awsrest::SeededRandom random;
    SequenceCredentials credentials{{example_credentials()}};
    awsrest::AwsClient client;
};

// One step of a scripted exchange: an answer, or a transport failure when `failure` is set.
struct Step {
    int status = 0;
    std::string body;
    awsrest::Headers headers;
    const char* failure = nullptr;
};

Step answer(int status, std::string body = {}, awsrest::Headers headers = {}) {
    return {status, std::move(body), std::move(headers), nullptr};
}
Step transport_failure(const char* message = "connection refused") { return {0, {}, {}, message}; }

const char* kValidationBody =
    "<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code>"
    "<Message>1 validation error detected</Message></Error>"
    "<RequestId>8f507c64-0000-4000-8000-000000000000</RequestId></ErrorResponse>";

// A row of the retry table: what the transport does, with which attempt budget, and what the
// caller sees: attempts sent, backoff sleeps and the outcome (ok, or the error's kind,
// status, code, request id and message).
struct RetryCase {
    const char* name;
    std::vector<Step> script;
    int max_attempts;  // 0: the default policy (3)
    std::size_t sent;
    std::size_t sleeps;
    bool ok;
    ErrorKind kind = ErrorKind::Network;
    int http_status = 0;
    const char* code = "";
    const char* request_id = "";
    const char* message = "";
};

std::vector<RetryCase> retry_table() {
    const awsrest::Headers req1 = {{"x-amzn-RequestId", "req-1"}};
    const char* kInternal = R"({"__type":"InternalError","message":"We encountered an internal error"})";
    const char* kSlowDown =
        "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message>"
        "<RequestId>S3REQ</RequestId></Error>";
    const char* kRequestTimeout =
        "<Error><Code>RequestTimeout</Code><Message>Your socket connection to the server "
        "was not read from or written to within the timeout period.</Message></Error>";
    const char* kAccessDenied =
        R"({"__type":"com.amazonaws.sqs#AccessDenied","message":"Access to the resource is denied"})";
    return {
        {"503 twice then 200", {answer(503, "Service Unavailable"), answer(503), answer(200, "{}")}, 0, 3, 2, true},
        {"a throttling JSON error then 200", {answer(400, kThrottlingBody, req1), answer(200, "{}")}, 0, 2, 1, true},
        {"throttling that never ends gives up after max_attempts with the service error",
         {answer(400, kThrottlingBody, {{"x-amzn-RequestId", "req-0"}}),
          answer(400, kThrottlingBody, {{"x-amzn-RequestId", "req-1"}}),
          answer(400, kThrottlingBody, {{"x-amzn-RequestId", "req-2"}}), answer(400, kThrottlingBody)},
         0,
         3,
         2,
         false,
         ErrorKind::Service,
         400,
         "ThrottlingException",
         "req-2",
         "SQS.SendMessage: Rate exceeded (after 3 attempts)"},
        {"a 400 ValidationError is not retried",
         {answer(400, kValidationBody), answer(200, "{}")},
         0,
         1,
         0,
         false,
         ErrorKind::Service,
         400,
         "ValidationError",
         "8f507c64-0000-4000-8000-000000000000",
         "SQS.SendMessage: 1 validation error detected"},
        {"a 403 AccessDenied is not retried",
         {answer(403, kAccessDenied), answer(200, "{}")},
         0,
         1,
         0,
         false,
         ErrorKind::Service,
         403,
         "AccessDenied",
         "",
         "SQS.SendMessage: Access to the resource is denied"},
        {"network failures are retried a bounded number of times then reported",
         {transport_failure(), transport_failure(), transport_failure(), transport_failure()},
         0,
         3,
         2,
         false,
         ErrorKind::Network,
         0,
         "",
         "",
         "SQS.SendMessage: connection refused (after 3 attempts)"},
        {"a reset connection then 200",
         {transport_failure("connection reset by peer"), answer(200, "{}")},
         0,
         2,
         1,
         true},
        {"a permanent network failure is not retried",
         {transport_failure("TLS failure: SSL certificate problem: self-signed certificate (curl error 60)"),
          answer(200)},
         0,
         1,
         0,
         false,
         ErrorKind::Network,
         0,
         "",
         "",
         "SQS.SendMessage: TLS failure: SSL certificate problem: self-signed certificate (curl error 60)"},
        {"the retry budget follows RetryPolicy::max_attempts",
         {answer(500), answer(500), answer(500), answer(500), answer(500), answer(500)},
         5,
         5,
         4,
         false,
         ErrorKind::Http,
         500},
        {"a budget of one attempt never retries", {answer(503), answer(200)}, 1, 1, 0, false, ErrorKind::Http, 503},
        {"429 is retried", {answer(429), answer(200, "{}")}, 0, 2, 1, true},
        {"501 is never retried", {answer(501), answer(200, "{}")}, 0, 1, 0, false, ErrorKind::Http, 501},
        {"a 500 InternalError then 200", {answer(500, kInternal), answer(200, "{}")}, 0, 2, 1, true},
        {"S3 SlowDown with 503 then 200", {answer(503, kSlowDown), answer(200)}, 0, 2, 1, true},
        {"S3 RequestTimeout with 400 is retried", {answer(400, kRequestTimeout), answer(200)}, 0, 2, 1, true},
    };
}

}  // namespace

TEST_CASE("client: the retry table: attempts and backoff sleeps and the error the caller sees",
          "[client][aws_client][retry_table]") {
    for (const auto& row : retry_table()) {
        INFO(row.name);
        awsrest::RetryPolicy policy;
        if (row.max_attempts > 0) policy.max_attempts = row.max_attempts;
        Fixture f(policy);
        INFO("jitter seed " << f.random.seed());
        for (const auto& step : row.script) {
            if (step.failure) {
                f.http.fail(step.failure);
            } else {
                f.http.respond(step.status, step.body, step.headers);
            }
        }

        const auto result = f.send_message();
        CHECK(f.http.sent.size() == row.sent);
        CHECK(f.clock.sleeps.size() == row.sleeps);
        CHECK(f.credentials.calls == row.sent);  // credentials are asked for on every attempt
        // Full jitter under base * 2^retry, capped at max_delay.
        for (std::size_t i = 0; i < f.clock.sleeps.size(); ++i) {
            const auto ceiling = std::min(policy.max_delay, policy.base_delay * (1 << i));
            CHECK(f.clock.sleeps[i] <= ceiling);
        }
        REQUIRE(result.ok() == row.ok);
        if (row.ok) {
            CHECK(result->status == 200);
            continue;
        }
        CHECK(result.error().kind == row.kind);
        CHECK(result.error().http_status == row.http_status);
        CHECK(result.error().code == row.code);
        CHECK(result.error().request_id == row.request_id);
        if (*row.message) CHECK(result.error().message == row.message);
    }
}

TEST_CASE("client: a capped backoff never sleeps longer than max_delay", "[client][aws_client][retry_table]") {
    awsrest::RetryPolicy policy;
    policy.max_attempts = 5;
    policy.base_delay = std::chrono::milliseconds(10);
    policy.max_delay = std::chrono::milliseconds(30);
    Fixture f(policy);
    INFO("jitter seed " << f.random.seed());
    for (int i = 0; i < 6; ++i) f.http.respond(500);
    REQUIRE_FALSE(f.send_message().ok());
    REQUIRE(f.clock.sleeps.size() == 4);
    CHECK(f.clock.sleeps[0] <= 10ms);
    CHECK(f.clock.sleeps[1] <= 20ms);
    CHECK(f.clock.sleeps[2] <= 30ms);  // 40 ms capped at max_delay
    CHECK(f.clock.sleeps[3] <= 30ms);
}

TEST_CASE("client: every attempt is signed afresh after the backoff", "[client][aws_client]") {
    ScriptedHttp scripted;
    scripted.respond(503).respond(200, "{}");
    ManualClock clock;  // 2015-08-30T12:36:00Z
    SlowHttp http(scripted, clock);
    awsrest::SeededRandom random;
    INFO("jitter seed " << random.seed());
    SequenceCredentials credentials({example_credentials()});
    awsrest::AwsClient client(http, credentials, clock, &random);

    const auto result = client.call(sqs_endpoint(), send_message_request(), send_message_options());
    REQUIRE(result.ok());
    REQUIRE(scripted.sent.size() == 2);
    REQUIRE(clock.sleeps.size() == 1);
    CHECK(header_of(scripted.sent[0], "X-Amz-Date") == "20150830T123600Z");
    // 5 s for the first exchange plus a backoff under 100 ms.
    CHECK(header_of(scripted.sent[1], "X-Amz-Date") == "20150830T123605Z");
    const std::string first = header_of(scripted.sent[0], "Authorization");
    const std::string second = header_of(scripted.sent[1], "Authorization");
    CHECK_THAT(first, Catch::StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/sqs/aws4_request, "
                                        "SignedHeaders="));
    CHECK_THAT(second,
               Catch::StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/sqs/aws4_request"));
    CHECK(first.substr(first.find("Signature=")) != second.substr(second.find("Signature=")));
    // Only one Authorization and one X-Amz-Date: the retry starts from the caller's request.
    for (const auto& sent : scripted.sent) {
        CHECK(std::count_if(sent.request.headers.begin(), sent.request.headers.end(),
                            [](const awsrest::Header& h) { return h.name == "Authorization"; }) == 1);
    }
}

TEST_CASE("client: a call's cancel flag reaches the transport, and a cancelled call is not retried",
          "[client][aws_client]") {
    ScriptedHttp http;
    http.fail("connection reset by peer").respond(200, "{}");  // retryable, were it not cancelled
    ManualClock clock;
    SequenceCredentials credentials({example_credentials()});
    awsrest::AwsClient client(http, credentials, clock, nullptr);
    std::atomic<bool> cancel{true};
    auto options = send_message_options();
    options.cancel = &cancel;
    const auto cancelled = client.call(sqs_endpoint(), send_message_request(), options);
    REQUIRE_FALSE(cancelled.ok());
    CHECK(http.sent.size() == 1);
    CHECK(clock.sleeps.empty());
    REQUIRE(http.cancel_flags.size() == 1);
    CHECK(http.cancel_flags[0] == &cancel);
    // The same client, a call without a flag: the transport sees none.
    const auto plain = client.call(sqs_endpoint(), send_message_request(), send_message_options());
    REQUIRE(plain.ok());
    REQUIRE(http.cancel_flags.size() == 2);
    CHECK(http.cancel_flags[1] == nullptr);
}

TEST_CASE("client: credentials are fetched for every attempt", "[client][aws_client]") {
    ScriptedHttp http;
    http.respond(500).respond(200, "{}");
    ManualClock clock;
    awsrest::SeededRandom random;
    SequenceCredentials credentials({example_credentials("AKIDFIRST"), example_credentials("AKIDREFRESHED")});
    awsrest::AwsClient client(http, credentials, clock, &random);

    REQUIRE(client.call(sqs_endpoint(), send_message_request(), send_message_options()).ok());
    REQUIRE(http.sent.size() == 2);
    CHECK_THAT(header_of(http.sent[0], "Authorization"), Catch::Contains("Credential=AKIDFIRST/"));
    CHECK_THAT(header_of(http.sent[1], "Authorization"), Catch::Contains("Credential=AKIDREFRESHED/"));
}

TEST_CASE("client: a credentials failure stops the call before anything is sent", "[client][aws_client]") {
    ScriptedHttp http;
    ManualClock clock;
    NoCredentials credentials;
    awsrest::AwsClient client(http, credentials, clock);
    const auto result = client.call(sqs_endpoint(), send_message_request(), send_message_options());
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().kind == ErrorKind::Credentials);
    CHECK(result.error().message == "SQS.SendMessage: no credentials in the environment or shared files");
    CHECK(http.sent.empty());
}

TEST_CASE("client: Host comes from the endpoint unless the request has one", "[client][aws_client]") {
    ScriptedHttp http;
    http.respond(200).respond(200);
    ManualClock clock;
    SequenceCredentials credentials({example_credentials()});
    awsrest::AwsClient client(http, credentials, clock);

    awsrest::Endpoint local;
    local.scheme = "http";
    local.host = "localhost";
    local.port = 4566;
    REQUIRE(client.call(local, send_message_request(), send_message_options()).ok());
    auto with_host = send_message_request();
    with_host.headers.push_back({"Host", "queue.example"});
    REQUIRE(client.call(local, with_host, send_message_options()).ok());

    REQUIRE(http.sent.size() == 2);
    CHECK(header_of(http.sent[0], "Host") == "localhost:4566");
    CHECK(header_of(http.sent[1], "Host") == "queue.example");
    CHECK_THAT(header_of(http.sent[0], "Authorization"), Catch::Contains("SignedHeaders=content-type;host;"));
}

TEST_CASE("client: S3 rules add a signed x-amz-content-sha256", "[client][aws_client]") {
    ScriptedHttp http;
    http.respond(200);
    ManualClock clock;
    SequenceCredentials credentials({example_credentials()});
    awsrest::AwsClient client(http, credentials, clock);

    awsrest::Endpoint s3;
    s3.host = "examplebucket.s3.amazonaws.com";
    awsrest::Request get;
    get.path = "/test.txt";
    awsrest::CallOptions options;
    options.operation = "S3.GetObject";
    options.region = "us-east-1";
    options.service = "s3";
    options.s3_rules = true;
    REQUIRE(client.call(s3, get, options).ok());
    REQUIRE(http.sent.size() == 1);
    // SHA-256 of the empty body.
    CHECK(header_of(http.sent[0], "x-amz-content-sha256") ==
          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK_THAT(header_of(http.sent[0], "Authorization"), Catch::Contains("/us-east-1/s3/aws4_request"));
    CHECK_THAT(header_of(http.sent[0], "Authorization"), Catch::Contains("x-amz-content-sha256"));
}

TEST_CASE("client: a call without a region or service is refused", "[client][aws_client]") {
    ScriptedHttp http;
    ManualClock clock;
    SequenceCredentials credentials({example_credentials()});
    awsrest::AwsClient client(http, credentials, clock);
    auto options = send_message_options();
    options.region.clear();
    const auto result = client.call(sqs_endpoint(), send_message_request(), options);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().kind == ErrorKind::InvalidArgument);
    CHECK(http.sent.empty());
}

TEST_CASE("client: RequestTimeTooSkewed moves the signing time by the server's Date and keeps it",
          "[client][aws_client][skew]") {
    ScriptedHttp http;
    http.respond(403,
                 "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>RequestTimeTooSkewed</Code>"
                 "<Message>The difference between the request time and the current time is too large.</Message>"
                 "<RequestTime>20150830T123600Z</RequestTime><ServerTime>2015-08-30T12:51:00Z</ServerTime>"
                 "<MaxAllowedSkewMilliseconds>900000</MaxAllowedSkewMilliseconds>"
                 "<RequestId>4442587FB7D0A2F9</RequestId></Error>",
                 {{"Date", "Sun, 30 Aug 2015 12:51:00 GMT"}})
        .respond(200)
        .respond(200);
    ManualClock clock;  // 2015-08-30T12:36:00Z, 15 minutes behind the server
    awsrest::SeededRandom random;
    SequenceCredentials credentials({example_credentials()});
    awsrest::AwsClient client(http, credentials, clock, &random);
    CHECK(client.clock_offset() == 0s);

    REQUIRE(client.call(sqs_endpoint(), send_message_request(), send_message_options()).ok());
    REQUIRE(http.sent.size() == 2);
    CHECK(header_of(http.sent[0], "X-Amz-Date") == "20150830T123600Z");
    CHECK(header_of(http.sent[1], "X-Amz-Date") == "20150830T125100Z");
    CHECK_THAT(header_of(http.sent[1], "Authorization"), Catch::Contains("Credential=AKIDEXAMPLE/20150830/"));
    CHECK(clock.sleeps.empty());  // the skew retry goes at once
    CHECK(client.clock_offset() == 900s);

    // The next call starts with the corrected time.
    REQUIRE(client.call(sqs_endpoint(), send_message_request(), send_message_options()).ok());
    REQUIRE(http.sent.size() == 3);
    CHECK(header_of(http.sent[2], "X-Amz-Date") == "20150830T125100Z");
}

TEST_CASE("client: the skew retry is one extra attempt beyond max_attempts, once", "[client][aws_client][skew]") {
    const std::string expired =
        R"j({"__type":"InvalidSignatureException","message":"Signature expired: 20150830T123600Z is now earlier than )j"
        R"j(20150830T124600Z (20150830T125100Z - 5 min.)"})j";
    const awsrest::Headers date = {{"Date", "Sun, 30 Aug 2015 12:51:00 GMT"}};

    SECTION("skew then success with a budget of one attempt") {
        ScriptedHttp http;
        http.respond(400, expired, date).respond(200);
        ManualClock clock;
        SequenceCredentials credentials({example_credentials()});
        awsrest::RetryPolicy policy;
        policy.max_attempts = 1;
        awsrest::AwsClient client(http, credentials, clock, nullptr, policy);
        REQUIRE(client.call(sqs_endpoint(), send_message_request(), send_message_options()).ok());
        CHECK(http.sent.size() == 2);
        CHECK(client.clock_offset() == 900s);
    }
    SECTION("skew twice is reported, not corrected again") {
        ScriptedHttp http;
        http.respond(400, expired, date).respond(400, expired, date).respond(200);
        ManualClock clock;
        SequenceCredentials credentials({example_credentials()});
        awsrest::AwsClient client(http, credentials, clock);
        const auto result = client.call(sqs_endpoint(), send_message_request(), send_message_options());
        REQUIRE_FALSE(result.ok());
        CHECK(http.sent.size() == 2);
        CHECK(result.error().code == "InvalidSignatureException");
    }
    SECTION("skew then throttling still has the whole retry budget") {
        ScriptedHttp http;
        http.respond(400, expired, date).respond(400, kThrottlingBody).respond(400, kThrottlingBody).respond(200);
        ManualClock clock;
        awsrest::SeededRandom random;
        INFO("jitter seed " << random.seed());
        SequenceCredentials credentials({example_credentials()});
        awsrest::AwsClient client(http, credentials, clock, &random);
        REQUIRE(client.call(sqs_endpoint(), send_message_request(), send_message_options()).ok());
        CHECK(http.sent.size() == 4);
        CHECK(clock.sleeps.size() == 2);
    }
    SECTION("a skew error without a Date header is reported as it is") {
        ScriptedHttp http;
        http.respond(400, expired).respond(200);
        ManualClock clock;
        SequenceCredentials credentials({example_credentials()});
        awsrest::AwsClient client(http, credentials, clock);
        const auto result = client.call(sqs_endpoint(), send_message_request(), send_message_options());
        REQUIRE_FALSE(result.ok());
        CHECK(http.sent.size() == 1);
        CHECK(client.clock_offset() == 0s);
    }
}

TEST_CASE("client: the debug dump shows every stage but never the secret or the session token",
          "[client][aws_client][debug]") {
    const std::string token = "FQoGZXIvYXdzEPT//////////wEaDExampleSessionToken+/=";
    ScriptedHttp http;
    http.respond(503, "", {{"x-amzn-RequestId", "req-503"}})
        .respond(200, "{}", {{"x-amzn-RequestId", "req-200"}, {"Content-Length", "2"}});
    ManualClock clock;
    awsrest::SeededRandom random;
    INFO("jitter seed " << random.seed());
    SequenceCredentials credentials({example_credentials(kAccessKey, token)});
    awsrest::AwsClient client(http, credentials, clock, &random);
    std::ostringstream debug;
    client.set_debug(&debug);

    REQUIRE(client.call(sqs_endpoint(), send_message_request(), send_message_options()).ok());
    const std::string dump = debug.str();
    INFO(dump);
    // The token was sent...
    REQUIRE(http.sent.size() == 2);
    CHECK(header_of(http.sent[0], "X-Amz-Security-Token") == token);
    // ...but shows as <redacted>, in the headers and in the canonical request.
    CHECK_THAT(dump, Catch::Contains("X-Amz-Security-Token: <redacted>"));
    CHECK_THAT(dump, Catch::Contains("x-amz-security-token:<redacted>"));
    CHECK(dump.find(token) == std::string::npos);
    CHECK(dump.find(kSecretKey) == std::string::npos);
    CHECK(dump.find("FQoGZXIvYXdzEPT") == std::string::npos);
    // Every stage is there.
    CHECK_THAT(dump, Catch::Contains("canonical request:\nPOST\n/\n"));
    CHECK_THAT(dump, Catch::Contains("string to sign:\nAWS4-HMAC-SHA256\n20150830T123600Z\n"));
    CHECK_THAT(dump, Catch::Contains("authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"));
    CHECK_THAT(dump, Catch::Contains("Signature="));
    CHECK_THAT(dump, Catch::Contains("> POST https://sqs.us-east-1.amazonaws.com/"));
    CHECK_THAT(dump, Catch::Contains("< HTTP 503"));
    CHECK_THAT(dump, Catch::Contains("< HTTP 200"));
    CHECK_THAT(dump, Catch::Contains("< x-amzn-RequestId: req-200"));
    CHECK_THAT(dump, Catch::Contains("(body 2 bytes)"));
    CHECK_THAT(dump, Catch::Contains("retrying in "));
    CHECK_THAT(dump, Catch::Contains("attempt 2 of 3"));
}

TEST_CASE("client: no debug output unless asked", "[client][aws_client][debug]") {
    ScriptedHttp http;
    http.respond(200);
    ManualClock clock;
    SequenceCredentials credentials({example_credentials()});
    awsrest::AwsClient client(http, credentials, clock);
    std::ostringstream debug;
    client.set_debug(&debug);
    client.set_debug(nullptr);
    REQUIRE(client.call(sqs_endpoint(), send_message_request(), send_message_options()).ok());
    CHECK(debug.str().empty());
}
