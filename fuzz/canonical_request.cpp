// A raw request, parsed, then signed under both rule sets (non-S3 and S3) in both modes
// (Authorization header and presigned URL): never crashes, the canonical request is
// well formed, and signing is repeatable, with a cached key as with a fresh one.
#include <awsrest/request.hpp>
#include <awsrest/signer.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

void require(bool condition) {
    if (!condition) __builtin_trap();
}

constexpr std::string_view kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

awsrest::SigningParams params_for(bool s3, awsrest::SigningMode mode, bool token) {
    awsrest::Credentials credentials;
    credentials.access_key_id = "AKIDEXAMPLE";
    credentials.secret_access_key = std::string(kSecret);
    if (token) credentials.session_token = "session+token/==";
    const awsrest::TimePoint time = awsrest::TimePoint{} + std::chrono::seconds(1440938160);
    awsrest::SigningParams params;
    if (s3) {
        params = awsrest::SigningParams::s3(credentials, "us-east-1", time);
    } else {
        params.credentials = credentials;
        params.region = "us-east-1";
        params.service = "service";
        params.time = time;
    }
    params.mode = mode;
    params.omit_session_token = token && mode == awsrest::SigningMode::Query;
    return params;
}

// method, URI, query, one line per signed header, blank line, signed headers, payload hash;
// no secret key unless the input itself had it.
void check_canonical_form(const awsrest::SigningResult& result, std::string_view input) {
    const std::string& canonical = result.canonical_request;
    require(canonical.find(kSecret) == std::string::npos || input.find(kSecret) != std::string_view::npos);
    std::size_t names =
        result.signed_headers.empty()
            ? 0
            : static_cast<std::size_t>(std::count(result.signed_headers.begin(), result.signed_headers.end(), ';')) + 1;
    require(static_cast<std::size_t>(std::count(canonical.begin(), canonical.end(), '\n')) == 5 + names);
    const std::string tail = "\n\n" + result.signed_headers + "\n";
    require(canonical.find(tail) != std::string::npos);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto parsed = awsrest::parse_raw_request(text, "fuzz-input");
    if (!parsed) return 0;
    const bool token = size % 2 == 1;
    for (const bool s3 : {false, true}) {
        for (const auto mode : {awsrest::SigningMode::Header, awsrest::SigningMode::Query}) {
            const awsrest::SigningParams params = params_for(s3, mode, token);

            awsrest::Request staged = *parsed;
            awsrest::add_signing_fields(staged, params);
            auto canonical = awsrest::canonical_request(staged, params);

            static awsrest::SigningKeyCache cache;
            awsrest::Request request = *parsed;
            auto first = awsrest::sign(request, params, &cache);
            require(first.ok() == canonical.ok());
            if (!first) continue;
            require(first->canonical_request == *canonical);
            check_canonical_form(*first, text);

            // Signing the signed request again, with a fresh key, gives the same signature.
            auto second = awsrest::sign(request, params, nullptr);
            require(second.ok());
            require(second->canonical_request == first->canonical_request);
            require(second->signature == first->signature);
            if (mode == awsrest::SigningMode::Header) {
                auto after = awsrest::canonical_request(request, params);
                require(after.ok() && *after == first->canonical_request);
            }
        }
    }
    return 0;
}
