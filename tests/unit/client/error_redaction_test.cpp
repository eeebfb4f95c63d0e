// No session token, secret key, signature or access key id leaves libawsrest in an error:
// AWS answers a bad signature with SignatureDoesNotMatch and the canonical request it
// expected, x-amz-security-token line included. These are such bodies, as AWS sends them.
#include <catch2/catch.hpp>

#include <awsrest/aws_client.hpp>

#include "core/secret_redaction.hpp"
#include "support/scripted_http.hpp"
#include "support/static_credentials.hpp"

using awsrest::ErrorKind;
using test_support::ManualClock;
using test_support::ScriptedHttp;

namespace {

// What an EC2 instance role hands out: a long base64 token, a temporary key id.
const std::string kToken =
    "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDexampleSessionTokenNeverToBePrinted"
    "AiBm3i7ZJyExampleExampleExampleExampleExampleExample+eNrKrsL2Kv5sQ==";
const std::string kAccessKeyId = "ASIAQNIAMEXAMPLE0001";
const std::string kSignature = "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";
const std::string kHash = "b6359072c78d70ebee1e81adcbab4f01bf2c23245fa365ef83fe8f1f955085e2";

std::string canonical_request() {
    return "POST\n/\n\ncontent-type:application/x-www-form-urlencoded; "
           "charset=utf-8\nhost:sqs.us-east-1.amazonaws.com\n"
           "x-amz-date:20261201T120000Z\nx-amz-security-token:" +
           kToken + "\n\ncontent-type;host;x-amz-date;x-amz-security-token\n" + kHash;
}

std::string string_to_sign() {
    return "AWS4-HMAC-SHA256\n20261201T120000Z\n20261201/us-east-1/sqs/aws4_request\n" + kHash;
}

std::string aws_message() {
    return "The request signature we calculated does not match the signature you provided. Check your AWS Secret "
           "Access Key and signing method. Consult the service documentation for details.\n\nThe Canonical String "
           "for this request should have been\n'" +
           canonical_request() + "'\n\nThe String-to-Sign should have been\n'" + string_to_sign() + "'\n";
}

std::string query_body() {
    return "<?xml version=\"1.0\"?>\n<ErrorResponse xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\"><Error>"
           "<Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>" +
           aws_message() +
           "</Message><Detail/></Error><RequestId>1fc65a8f-5fa2-51d5-919a-10b51f95ab22</RequestId></ErrorResponse>";
}

std::string json_escaped(std::string text) {
    std::string out;
    for (const char c : text) {
        if (c == '\n') {
            out += "\\n";
        } else if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else {
            out += c;
        }
    }
    return out;
}

std::string json_body() {
    return R"({"__type":"com.amazon.coral.service#SignatureDoesNotMatch","message":")" + json_escaped(aws_message()) +
           "\"}";
}

std::string s3_body() {
    std::string bytes;
    for (const char c : canonical_request()) {
        static constexpr char kHex[] = "0123456789abcdef";
        if (!bytes.empty()) bytes += ' ';
        bytes += kHex[static_cast<unsigned char>(c) >> 4];
        bytes += kHex[static_cast<unsigned char>(c) & 0xf];
    }
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>SignatureDoesNotMatch</Code><Message>The request "
           "signature we calculated does not match the signature you provided. Check your key and signing "
           "method.</Message><AWSAccessKeyId>" +
           kAccessKeyId + "</AWSAccessKeyId><StringToSign>" + string_to_sign() + "</StringToSign><SignatureProvided>" +
           kSignature + "</SignatureProvided><CanonicalRequest>" + canonical_request() +
           "</CanonicalRequest><CanonicalRequestBytes>" + bytes +
           "</CanonicalRequestBytes><RequestId>4442587FB7D0A2F9</RequestId><HostId>niam</HostId></Error>";
}

awsrest::Response answer(int status, std::string body, awsrest::Headers headers = {}) {
    awsrest::Response response;
    response.status = status;
    response.body = std::move(body);
    response.headers = std::move(headers);
    return response;
}

void check_no_secret(const std::string& text) {
    INFO(text);
    CHECK(text.find(kToken) == std::string::npos);
    CHECK(text.find("NeverToBePrinted") == std::string::npos);  // not a piece of it either
    CHECK(text.find("IQoJb3JpZ2lu") == std::string::npos);
    CHECK(text.find(kSignature) == std::string::npos);
    CHECK(text.find(kAccessKeyId) == std::string::npos);
}

}  // namespace

TEST_CASE("client: a SignatureDoesNotMatch message loses the token, keeps what helps", "[client][redaction]") {
    SECTION("Query protocol (SQS, SNS, STS)") {
        const auto error = awsrest::error_from_response(answer(403, query_body()), "SQS.SendMessage");
        CHECK(error.kind == ErrorKind::Service);
        CHECK(error.code == "SignatureDoesNotMatch");
        check_no_secret(error.message);
        check_no_secret(error.describe());
        CHECK(error.message.find("The Canonical String for this request should have been") != std::string::npos);
        CHECK(error.message.find("x-amz-security-token:<redacted>") != std::string::npos);
        CHECK(error.message.find("host:sqs.us-east-1.amazonaws.com") != std::string::npos);
        CHECK(error.message.find("20261201/us-east-1/sqs/aws4_request") != std::string::npos);
    }
    SECTION("JSON protocol") {
        const auto error = awsrest::error_from_response(answer(403, json_body()), "");
        CHECK(error.code == "SignatureDoesNotMatch");
        check_no_secret(error.message);
        CHECK(error.message.find("x-amz-security-token:<redacted>") != std::string::npos);
    }
    SECTION("S3 REST-XML: the canonical request and its bytes stay out") {
        const auto error = awsrest::error_from_response(answer(403, s3_body()), "S3.GetObject");
        CHECK(error.code == "SignatureDoesNotMatch");
        check_no_secret(error.message);
        CHECK(error.message.find("49 51 6f 4a") == std::string::npos);  // "IQoJ" as S3's hex bytes
    }
    SECTION("a body that is no AWS error is quoted without the token") {
        const auto error = awsrest::error_from_response(answer(403, "x-amz-security-token: " + kToken), "");
        CHECK(error.kind == ErrorKind::Http);
        check_no_secret(error.message);
    }
}

TEST_CASE("client: an AwsClient error holds none of the caller's secrets, raw or percent-encoded",
          "[client][redaction]") {
    awsrest::Credentials credentials{
        kAccessKeyId, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "short/tok+en=", {}, "test"};
    test_support::StaticCredentials provider(credentials);
    ScriptedHttp http;
    // A peer that echoes the token in forms no pattern knows: as it is, and percent-encoded.
    http.respond(403, R"({"__type":"AccessDenied","message":"token short/tok+en= or short%2Ftok%2Ben%3D refused"})");
    ManualClock clock;
    awsrest::SeededRandom random;
    awsrest::AwsClient client(http, provider, clock, &random);
    awsrest::Endpoint endpoint;
    endpoint.scheme = "https";
    endpoint.host = "sqs.us-east-1.amazonaws.com";
    awsrest::Request request;
    request.method = "POST";
    request.path = "/";
    awsrest::CallOptions options;
    options.operation = "SQS.ListQueues";
    options.region = "us-east-1";
    options.service = "sqs";
    const auto result = client.call(endpoint, request, options);
    REQUIRE_FALSE(result.ok());
    INFO(result.error().describe());
    CHECK(result.error().code == "AccessDenied");
    CHECK(result.error().message.find("short/tok+en=") == std::string::npos);
    CHECK(result.error().message.find("short%2Ftok%2Ben%3D") == std::string::npos);
    CHECK(result.error().message == "SQS.ListQueues: token <redacted> or <redacted> refused");
}

TEST_CASE("client: redact_signing_secrets, rule by rule", "[client][redaction]") {
    struct Row {
        const char* name;
        std::string text;
        std::string expected;
    };
    const std::vector<Row> rows = {
        {"ordinary text is left alone",
         "Access to the resource https://sqs.us-east-1.amazonaws.com/000000000000/niam "
         "is denied.",
         "Access to the resource https://sqs.us-east-1.amazonaws.com/000000000000/niam is denied."},
        {"a token header line, any case", "a\nX-Amz-Security-Token:abc+/=\nb", "a\nX-Amz-Security-Token:<redacted>\nb"},
        {"a token header with a space", "x-amz-security-token: abc def", "x-amz-security-token: <redacted> def"},
        {"a token query parameter", "Action=X&X-Amz-Security-Token=abc%2Bdef&X-Amz-Date=1",
         "Action=X&X-Amz-Security-Token=<redacted>&X-Amz-Date=1"},
        {"a signature parameter", "SignedHeaders=host, Signature=abc123", "SignedHeaders=host, Signature=<redacted>"},
        {"a presigned signature", "?X-Amz-Signature=abc123&a=b", "?X-Amz-Signature=<redacted>&a=b"},
        {"a 64-digit hex run (signature, hash)", "sig '" + kSignature + "'", "sig '<redacted>'"},
        {"a secret-key-looking run", "key wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY.", "key <redacted>."},
        {"access key ids", "Credential=AKIAIOSFODNN7EXAMPLE/20261201 and ASIAQNIAMEXAMPLE0001",
         "Credential=<redacted>/20261201 and <redacted>"},
        {"a word that only starts like a key id", "AKIAIOSFODNN7EXAMPLE1", "AKIAIOSFODNN7EXAMPLE1"},
        {"a long run of letters only, or digits only, is no secret", std::string(50, 'x') + " " + std::string(45, '7'),
         std::string(50, 'x') + " " + std::string(45, '7')},
        {"an empty value stays empty", "x-amz-security-token:\n", "x-amz-security-token:\n"},
    };
    for (const auto& row : rows) {
        INFO(row.name);
        CHECK(awsrest::redact_signing_secrets(row.text) == row.expected);
    }
}
