// aws-chunked (STREAMING-AWS4-HMAC-SHA256-PAYLOAD) chunk signatures and framing.
#include <limits>

#include "awsrest/signer.hpp"
#include "core/ascii.hpp"
#include "core/time_text.hpp"
#include "crypto/digest.hpp"
#include "signer/signing_key.hpp"

namespace awsrest {

namespace {

constexpr std::string_view kChunkAlgorithm = "AWS4-HMAC-SHA256-PAYLOAD";
constexpr std::string_view kEmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
constexpr std::string_view kChunkSignatureField = ";chunk-signature=";
constexpr std::size_t kSignatureHexChars = 64;

std::string lower_hex(std::uint64_t value) {
    char buffer[16];
    std::size_t length = 0;
    do {
        buffer[sizeof buffer - 1 - length++] = ascii::kLowerHexDigits[value & 0x0f];
        value >>= 4;
    } while (value != 0);
    return std::string(buffer + sizeof buffer - length, length);
}

// Bytes on the wire for one chunk of `size` data bytes, less the data itself.
std::uint64_t frame_overhead(std::uint64_t size) {
    return lower_hex(size).size() + kChunkSignatureField.size() + kSignatureHexChars + 2 + 2;
}

}  // namespace

ChunkSigner::ChunkSigner(SigningParams params, std::string seed_signature, SigningKeyCache* cache)
    : previous_(std::move(seed_signature)) {
    const time_text::AmzTime time(params.time);
    date_ = std::string(time.date());
    scope_ = std::string(time.day()) + "/" + params.region + "/" + params.service + "/aws4_request";
    key_ = signer_detail::signing_key_for(params.credentials, time.day(), params.region, params.service, cache);
    crypto::cleanse(params.credentials.secret_access_key.data(), params.credentials.secret_access_key.size());
}

ChunkSigner::~ChunkSigner() { crypto::cleanse(key_.data(), key_.size()); }

std::string ChunkSigner::sign_chunk(std::string_view chunk) {
    std::string string_to_sign;
    string_to_sign.reserve(kChunkAlgorithm.size() + date_.size() + scope_.size() + previous_.size() +
                           2 * kSignatureHexChars + 5);
    string_to_sign += kChunkAlgorithm;
    string_to_sign += '\n';
    string_to_sign += date_;
    string_to_sign += '\n';
    string_to_sign += scope_;
    string_to_sign += '\n';
    string_to_sign += previous_;
    string_to_sign += '\n';
    string_to_sign += kEmptySha256;
    string_to_sign += '\n';
    crypto::append_hex(string_to_sign, crypto::sha256(chunk));
    previous_ = crypto::to_hex(crypto::hmac_sha256(crypto::Bytes(key_), string_to_sign));
    return previous_;
}

std::string ChunkSigner::encode_chunk(std::string_view chunk) {
    const std::string signature = sign_chunk(chunk);
    std::string out = lower_hex(chunk.size());
    out.reserve(out.size() + kChunkSignatureField.size() + signature.size() + chunk.size() + 4);
    out += kChunkSignatureField;
    out += signature;
    out += "\r\n";
    out += chunk;
    out += "\r\n";
    return out;
}

std::uint64_t aws_chunked_content_length(std::uint64_t decoded_length, std::uint64_t chunk_size) {
    if (chunk_size == 0) chunk_size = 1;
    constexpr std::uint64_t kSaturated = std::numeric_limits<std::uint64_t>::max();
    const std::uint64_t last = decoded_length % chunk_size;
    std::uint64_t total = 0;
    if (__builtin_mul_overflow(decoded_length / chunk_size, frame_overhead(chunk_size), &total) ||
        __builtin_add_overflow(total, decoded_length, &total) ||
        __builtin_add_overflow(total, frame_overhead(0) + (last != 0 ? frame_overhead(last) : 0), &total)) {
        return kSaturated;
    }
    return total;
}

}  // namespace awsrest
