// AWS Signature Version 4, in stages that can each be called on their own.
// The signing time is an argument: nothing here reads the clock.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "awsrest/clock.hpp"
#include "awsrest/credentials.hpp"
#include "awsrest/request.hpp"
#include "awsrest/result.hpp"

namespace awsrest {

inline constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";
inline constexpr std::string_view kStreamingPayload = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
inline constexpr std::string_view kSigningAlgorithm = "AWS4-HMAC-SHA256";
// The longest X-Amz-Expires AWS accepts (7 days).
inline constexpr std::chrono::seconds kMaxPresignExpires{7 * 24 * 3600};

enum class SigningMode {
    Header,  // Authorization header
    Query,   // presigned URL: X-Amz-* query parameters, X-Amz-Expires
};

struct SigningParams {
    Credentials credentials;
    std::string region;
    std::string service;
    TimePoint time;
    SigningMode mode = SigningMode::Header;
    std::chrono::seconds expires{3600};  // X-Amz-Expires, query mode only: 1 s to 7 days

    // Non-S3 rules (the defaults): remove "." and ".." segments and duplicate '/', and
    // encode the path once more. S3 rules: neither; the path is encoded exactly once.
    bool normalize_path = true;
    bool double_encode_path = true;

    // Add a signed x-amz-content-sha256 header holding the payload hash (header mode only;
    // a presigned URL carries no such header).
    bool sign_body_header = false;
    // Empty: hex SHA-256 of the body. Else used as is (kUnsignedPayload, kStreamingPayload).
    // S3 presigned URLs use kUnsignedPayload.
    std::string payload_hash;

    // Add X-Amz-Security-Token after signing, so it is not part of the signature.
    bool omit_session_token = false;

    // S3 rules: no normalisation, single encoding, signed x-amz-content-sha256.
    static SigningParams s3(Credentials credentials, std::string region, TimePoint time);
};

// "20150830T123600Z" and "20150830" for a time point (UTC).
std::string amz_date(TimePoint time);
std::string amz_day(TimePoint time);
// Parses "20150830T123600Z" and ISO 8601 "2015-08-30T12:36:00Z" (with an optional
// fraction of a second: "...:00.250Z"). UTC only ('Z'), years 1970 to 2200. A Parse
// error names the text (cut short) and what is wrong with it.
Result<TimePoint> parse_amz_date(std::string_view text);

struct SigningKeyCacheAccess;

// Derived signing keys, cached per (day, region, service, access key) and bounded in
// size: the least recently used key goes first; capacity 0 caches nothing. A key is only
// handed out for the secret it was derived from: each entry keeps that secret, compared
// in constant time and wiped when the entry goes. Safe to share between threads.
class SigningKeyCache {
  public:
    explicit SigningKeyCache(std::size_t capacity = 16);
    ~SigningKeyCache();
    SigningKeyCache(const SigningKeyCache&) = delete;
    SigningKeyCache& operator=(const SigningKeyCache&) = delete;

    using Key = std::array<std::uint8_t, 32>;
    Key signing_key(const Credentials& credentials, std::string_view day, std::string_view region,
                    std::string_view service);
    std::size_t size() const;
    std::size_t capacity() const;

  private:
    friend struct SigningKeyCacheAccess;  // the signer takes the key's prepared HMAC state; tests count derivations
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Every stage of one signing, as the test suite's files have them (no trailing newline).
struct SigningResult {
    std::string canonical_request;
    std::string string_to_sign;
    std::string signature;         // lowercase hex
    std::string authorization;     // Authorization header value (header mode); empty in query mode
    std::string signed_headers;    // "host;x-amz-date"
    std::string credential_scope;  // "20150830/us-east-1/service/aws4_request"
};

// Headers that are never signed, because the network or the HTTP stack may add or change
// them, or they carry the signature: Authorization, Connection, Expect, Transfer-Encoding,
// Upgrade, User-Agent, X-Amzn-Trace-Id. Every other header of the request is signed.

// Stage 0: adds what signing needs to the request: X-Amz-Date, x-amz-content-sha256 when
// asked, X-Amz-Security-Token (unless omitted), or, in query mode, the X-Amz-Algorithm,
// X-Amz-Credential, X-Amz-Date, X-Amz-Expires, X-Amz-SignedHeaders (and token) parameters.
// A header or parameter already present is replaced (presigning also drops empty query
// parameters, which the canonical query leaves out anyway).
void add_signing_fields(Request& request, const SigningParams& params);

// Stage 1: the canonical request of a request that stage 0 has prepared. Fails when the
// request has no Host header.
Result<std::string> canonical_request(const Request& prepared, const SigningParams& params);

// Stage 2: the string to sign.
std::string string_to_sign(std::string_view canonical_request, const SigningParams& params);

// Stage 3: the hex signature of a string to sign. `cache` may be nullptr (cold key).
std::string signature(std::string_view string_to_sign, const SigningParams& params, SigningKeyCache* cache = nullptr);

// All stages; then adds the Authorization header (header mode) or the X-Amz-Signature
// parameter (query mode), and the session token when it was to be added after signing.
// Fails, leaving the request unchanged, when the request has no Host header, the
// credentials are empty, region or service is empty or holds characters that cannot go
// in a credential scope, or (query mode) expires is out of range. The SigningResult and
// the errors never hold the secret key. (The canonical request does hold a session token
// that is signed, as the protocol wants: redact it before printing.)
Result<SigningResult> sign(Request& request, const SigningParams& params, SigningKeyCache* cache = nullptr);

// S3 aws-chunked uploads (STREAMING-AWS4-HMAC-SHA256-PAYLOAD): each chunk's signature
// chains on the previous one, starting from the seed (the request's own signature). The
// signing key is derived (or taken from the cache) once, at construction; the signer
// keeps neither the secret key nor the session token.
class ChunkSigner {
  public:
    ChunkSigner(SigningParams params, std::string seed_signature, SigningKeyCache* cache = nullptr);
    ~ChunkSigner();
    ChunkSigner(const ChunkSigner&) = delete;
    ChunkSigner& operator=(const ChunkSigner&) = delete;
    ChunkSigner(ChunkSigner&&) = default;
    ChunkSigner& operator=(ChunkSigner&&) = default;

    // The signature of the next chunk (an empty chunk ends the stream).
    std::string sign_chunk(std::string_view chunk);
    // The chunk as it goes on the wire: "<hex size>;chunk-signature=<sig>\r\n<data>\r\n".
    std::string encode_chunk(std::string_view chunk);

  private:
    std::string date_;   // "20130524T000000Z"
    std::string scope_;  // "20130524/us-east-1/s3/aws4_request"
    SigningKeyCache::Key key_{};
    std::string previous_;
};

// The Content-Length of an aws-chunked body: `decoded_length` bytes sent in chunks of
// `chunk_size` (the last one shorter), then the empty final chunk, each framed as
// encode_chunk frames it. chunk_size 0 is taken as 1.
std::uint64_t aws_chunked_content_length(std::uint64_t decoded_length, std::uint64_t chunk_size);

}  // namespace awsrest
