// SigV4 signing cost against its floor: the hashing any SigV4 signer must do.
//   build/tests/bench/awsrest_bench --benchmark_filter='BM_(Sign|Presign|Floor)'
// The SQS request is also in sqs_send_message_request.txt (raw request format, same bytes;
// body 300 bytes) and its canonical request in sqs_send_message_canonical_request.txt, so
// that another signer (e.g. a Node script) can sign exactly the same request. With
// AKIDEXAMPLE at 20150830T123600Z in us-east-1 for sqs its signature is kSqsSignature,
// checked independently with Python's hashlib and hmac.
#include <benchmark/benchmark.h>

#include <awsrest/signer.hpp>

#include <cstdlib>
#include <string>

#include "crypto/digest.hpp"

namespace {

// 300 bytes exactly.
constexpr std::string_view kSqsBody =
    R"({"QueueUrl":"https://sqs.us-east-1.amazonaws.com/123456789012/niam","MessageBody":"heartbeat )"
    R"(host=web-01.example.internal check=disk-usage status=ok value=41.7 unit=percent interval=60 )"
    R"(sequence=000123 sent=2015-08-30T12:36:00Z note=padded-to-300-bytes-for-the-signing-benchmark-)"
    R"(xxxxxxxxxxxxxxxxxxxx"})";
static_assert(kSqsBody.size() == 300);
constexpr std::string_view kSqsSignature = "a0d950af3f2fedf970b649c2d5897bd2214d060f13268b7a247f5543f4d08b43";

awsrest::TimePoint fixed_time() {
    auto time = awsrest::parse_amz_date("20150830T123600Z");
    if (!time) std::abort();
    return *time;
}

awsrest::Credentials example_credentials() {
    awsrest::Credentials credentials;
    credentials.access_key_id = "AKIDEXAMPLE";
    credentials.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    credentials.source = "benchmark";
    return credentials;
}

awsrest::Request sqs_send_message() {
    awsrest::Request request;
    request.method = "POST";
    request.path = "/";
    request.headers = {
        {"Host", "sqs.us-east-1.amazonaws.com"},
        {"Content-Type", "application/x-amz-json-1.0"},
        {"X-Amz-Target", "AmazonSQS.SendMessage"},
    };
    request.body = std::string(kSqsBody);
    return request;
}

awsrest::SigningParams sqs_params() {
    awsrest::SigningParams params;
    params.credentials = example_credentials();
    params.region = "us-east-1";
    params.service = "sqs";
    params.time = fixed_time();
    return params;
}

// Signing the same request again replaces its X-Amz-Date and Authorization headers, so
// every iteration signs identical bytes without paying for a copy of the request.
void BM_SignSqsSendMessage_CachedKey(benchmark::State& state) {
    awsrest::Request request = sqs_send_message();
    const awsrest::SigningParams params = sqs_params();
    awsrest::SigningKeyCache cache;
    auto check = awsrest::sign(request, params, &cache);
    if (!check || check->signature != kSqsSignature) {
        state.SkipWithError("the SQS request does not sign to the expected signature");
        return;
    }
    for (auto _ : state) {
        auto result = awsrest::sign(request, params, &cache);
        benchmark::DoNotOptimize(result);
    }
}
BENCHMARK(BM_SignSqsSendMessage_CachedKey);

void BM_SignSqsSendMessage_ColdKey(benchmark::State& state) {
    awsrest::Request request = sqs_send_message();
    const awsrest::SigningParams params = sqs_params();
    for (auto _ : state) {
        auto result = awsrest::sign(request, params, nullptr);
        benchmark::DoNotOptimize(result);
    }
}
BENCHMARK(BM_SignSqsSendMessage_ColdKey);

// The S3 API Reference's presigned GET (UNSIGNED-PAYLOAD, one day).
void BM_PresignS3Get(benchmark::State& state) {
    awsrest::Request request;
    request.method = "GET";
    request.path = "/test.txt";
    request.headers = {{"Host", "examplebucket.s3.amazonaws.com"}};
    awsrest::SigningParams params = awsrest::SigningParams::s3(example_credentials(), "us-east-1", fixed_time());
    params.mode = awsrest::SigningMode::Query;
    params.expires = std::chrono::seconds(86400);
    params.payload_hash = std::string(awsrest::kUnsignedPayload);
    awsrest::SigningKeyCache cache;
    for (auto _ : state) {
        auto result = awsrest::sign(request, params, &cache);
        benchmark::DoNotOptimize(result);
    }
}
BENCHMARK(BM_PresignS3Get);

// The hashing no SigV4 signer can avoid for the SQS request: SHA-256 of the body, SHA-256
// of a string as long as its canonical request, HMAC-SHA256 of a string as long as its
// string to sign with a 32-byte key.
void BM_Floor(benchmark::State& state) {
    awsrest::Request request = sqs_send_message();
    auto signed_once = awsrest::sign(request, sqs_params(), nullptr);
    if (!signed_once) {
        state.SkipWithError(signed_once.error().message.c_str());
        return;
    }
    const std::string body(kSqsBody);
    const std::string canonical(signed_once->canonical_request.size(), 'c');
    const std::string string_to_sign(signed_once->string_to_sign.size(), 's');
    const awsrest::crypto::Sha256Digest key = awsrest::crypto::sha256("a 32-byte key");
    state.counters["canonical_bytes"] = static_cast<double>(canonical.size());
    state.counters["sts_bytes"] = static_cast<double>(string_to_sign.size());
    for (auto _ : state) {
        auto body_hash = awsrest::crypto::sha256(body);
        auto canonical_hash = awsrest::crypto::sha256(canonical);
        auto mac = awsrest::crypto::hmac_sha256(awsrest::crypto::Bytes(key), string_to_sign);
        benchmark::DoNotOptimize(body_hash);
        benchmark::DoNotOptimize(canonical_hash);
        benchmark::DoNotOptimize(mac);
    }
}
BENCHMARK(BM_Floor);

}  // namespace

BENCHMARK_MAIN();
