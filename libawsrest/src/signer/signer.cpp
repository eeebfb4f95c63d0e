// SigV4 signing in stages: prepare the request, canonical request, string to sign,
// signature; then the Authorization header or the X-Amz-Signature parameter.
#include "awsrest/signer.hpp"

#include <algorithm>
#include <optional>

#include "core/ascii.hpp"
#include "core/time_text.hpp"
#include "crypto/digest.hpp"
#include "signer/canonical.hpp"
#include "signer/signing_key.hpp"

namespace awsrest {

namespace {

using time_text::AmzTime;

constexpr std::string_view kScopeTerminator = "aws4_request";
constexpr std::string_view kSecurityTokenName = "X-Amz-Security-Token";

// The query parameters a presigned URL gets; present ones are replaced.
constexpr std::string_view kSigningParameters[] = {
    "X-Amz-Algorithm",     "X-Amz-Credential",     "X-Amz-Date",      "X-Amz-Expires",
    "X-Amz-SignedHeaders", "X-Amz-Security-Token", "X-Amz-Signature",
};

using ascii::iequals;

// set_header, but copying the value into the existing header's storage.
void put_header(Headers& headers, std::string_view name, std::string_view value) {
    auto first =
        std::find_if(headers.begin(), headers.end(), [&](const Header& header) { return iequals(header.name, name); });
    if (first == headers.end()) {
        headers.push_back(Header{std::string(name), std::string(value)});
        return;
    }
    first->name.assign(name);
    first->value.assign(value);
    headers.erase(
        std::remove_if(first + 1, headers.end(), [&](const Header& header) { return iequals(header.name, name); }),
        headers.end());
}

// The payload hash: the caller's, or the hex SHA-256 of the body, kept without allocating.
class PayloadHash {
  public:
    PayloadHash(const Request& request, const SigningParams& params) {
        if (!params.payload_hash.empty()) {
            view_ = params.payload_hash;
            return;
        }
        crypto::write_hex(crypto::sha256(request.body), hex_);
        view_ = std::string_view(hex_, sizeof hex_);
    }
    PayloadHash(const PayloadHash&) = delete;
    PayloadHash& operator=(const PayloadHash&) = delete;
    std::string_view view() const noexcept { return view_; }

  private:
    char hex_[2 * crypto::kSha256Bytes];
    std::string_view view_;
};

std::string credential_scope(std::string_view day, const SigningParams& params) {
    std::string scope;
    scope.reserve(day.size() + params.region.size() + params.service.size() + kScopeTerminator.size() + 3);
    scope += day;
    scope += '/';
    scope += params.region;
    scope += '/';
    scope += params.service;
    scope += '/';
    scope += kScopeTerminator;
    return scope;
}

std::string_view session_token_to_sign(const SigningParams& params) {
    return params.omit_session_token ? std::string_view() : std::string_view(params.credentials.session_token);
}

void append_parameter(std::string& query, std::string_view name, std::string_view value) {
    if (!query.empty()) query += '&';
    query += name;
    query += '=';
    signer_detail::append_uri_encoded(query, value, false);
}

// Drops the presigning parameters a query already has.
void remove_signing_parameters(std::string& query) {
    if (query.empty()) return;
    std::string kept;
    kept.reserve(query.size());
    std::size_t start = 0;
    while (start <= query.size()) {
        std::size_t end = query.find('&', start);
        if (end == std::string::npos) end = query.size();
        const std::string_view piece = std::string_view(query).substr(start, end - start);
        start = end + 1;
        const std::string_view key = piece.substr(0, piece.find('='));
        const bool signing = std::any_of(std::begin(kSigningParameters), std::end(kSigningParameters),
                                         [key](std::string_view name) { return iequals(key, name); });
        if (piece.empty() || signing) continue;
        if (!kept.empty()) kept += '&';
        kept += piece;
    }
    query = std::move(kept);
}

// Stage 0 with the time, scope and payload hash already worked out.
void prepare(Request& request, const SigningParams& params, const AmzTime& time, std::string_view scope,
             std::string_view payload_hash) {
    const std::string_view token = session_token_to_sign(params);
    if (params.mode == SigningMode::Header) {
        put_header(request.headers, "X-Amz-Date", time.date());
        if (params.sign_body_header) put_header(request.headers, "x-amz-content-sha256", payload_hash);
        if (!token.empty()) {
            put_header(request.headers, kSecurityTokenName, token);
        } else {
            remove_header(request.headers, kSecurityTokenName);
        }
        return;
    }
    remove_signing_parameters(request.query);
    std::string credential;
    credential.reserve(params.credentials.access_key_id.size() + 1 + scope.size());
    credential += params.credentials.access_key_id;
    credential += '/';
    credential += scope;
    append_parameter(request.query, "X-Amz-Algorithm", kSigningAlgorithm);
    append_parameter(request.query, "X-Amz-Credential", credential);
    append_parameter(request.query, "X-Amz-Date", time.date());
    append_parameter(request.query, "X-Amz-Expires", std::to_string(params.expires.count()));
    append_parameter(request.query, "X-Amz-SignedHeaders", signer_detail::signed_header_names(request.headers));
    if (!token.empty()) append_parameter(request.query, kSecurityTokenName, token);
}

std::optional<Error> missing_host(const Request& request) {
    const auto host = find_header(request.headers, "host");
    if (!host || host->empty()) {
        return make_error(ErrorKind::InvalidArgument,
                          "cannot sign " + request.method + " request: it has no Host header");
    }
    return std::nullopt;
}

// Characters a credential scope or the Credential= field cannot hold.
bool fits_in_scope(std::string_view text) noexcept {
    return !text.empty() && std::none_of(text.begin(), text.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte <= 0x20 || byte >= 0x7f || c == '/' || c == ',' || c == ';';
    });
}

std::optional<Error> cannot_sign(const Request& request, const SigningParams& params) {
    const Credentials& credentials = params.credentials;
    const auto from = [&credentials] {
        return credentials.source.empty() ? std::string() : " (from " + credentials.source + ")";
    };
    if (credentials.access_key_id.empty()) {
        return make_error(ErrorKind::Credentials, "cannot sign: the credentials have no access key id" + from());
    }
    if (credentials.secret_access_key.empty()) {
        return make_error(ErrorKind::Credentials, "cannot sign: the credentials for access key " +
                                                      credentials.access_key_id + " have no secret key" + from());
    }
    if (!fits_in_scope(credentials.access_key_id)) {
        return make_error(ErrorKind::Credentials,
                          "cannot sign: the access key id holds a space, '/', ',', ';' or a non-ASCII byte" + from());
    }
    if (!fits_in_scope(params.region)) {
        return make_error(ErrorKind::InvalidArgument,
                          "cannot sign: the region '" + params.region + "' is empty or not a region name");
    }
    if (!fits_in_scope(params.service)) {
        return make_error(ErrorKind::InvalidArgument,
                          "cannot sign: the service '" + params.service + "' is empty or not a signing name");
    }
    if (params.mode == SigningMode::Query && (params.expires.count() < 1 || params.expires > kMaxPresignExpires)) {
        return make_error(ErrorKind::InvalidArgument, "cannot presign: expires is " +
                                                          std::to_string(params.expires.count()) +
                                                          " s, it must be from 1 s to 604800 s (7 days)");
    }
    return missing_host(request);
}

std::string build_string_to_sign(std::string_view date, std::string_view scope, std::string_view canonical) {
    const crypto::Sha256Digest hash = crypto::sha256(canonical);
    std::string out;
    out.reserve(kSigningAlgorithm.size() + date.size() + scope.size() + 2 * hash.size() + 3);
    out += kSigningAlgorithm;
    out += '\n';
    out += date;
    out += '\n';
    out += scope;
    out += '\n';
    crypto::append_hex(out, hash);
    return out;
}

std::string hex_signature(std::string_view string_to_sign, const SigningParams& params, std::string_view day,
                          SigningKeyCache* cache) {
    return crypto::to_hex(
        signer_detail::signing_mac(params.credentials, day, params.region, params.service, cache, string_to_sign));
}

std::size_t canonical_size_hint(const Request& request, std::string_view payload_hash) {
    std::size_t size =
        request.method.size() + 3 * request.path.size() + 2 * request.query.size() + payload_hash.size() + 16;
    for (const Header& header : request.headers) size += 2 * header.name.size() + header.value.size() + 3;
    return size;
}

}  // namespace

SigningParams SigningParams::s3(Credentials credentials, std::string region, TimePoint time) {
    SigningParams params;
    params.credentials = std::move(credentials);
    params.region = std::move(region);
    params.service = "s3";
    params.time = time;
    params.normalize_path = false;
    params.double_encode_path = false;
    params.sign_body_header = true;
    return params;
}

void add_signing_fields(Request& request, const SigningParams& params) {
    const AmzTime time(params.time);
    const std::string scope = credential_scope(time.day(), params);
    const bool needs_hash = params.mode == SigningMode::Header && params.sign_body_header;
    if (!needs_hash) {
        prepare(request, params, time, scope, {});
        return;
    }
    const PayloadHash payload_hash(request, params);
    prepare(request, params, time, scope, payload_hash.view());
}

Result<std::string> canonical_request(const Request& prepared, const SigningParams& params) {
    if (auto error = missing_host(prepared)) return std::move(*error);
    const PayloadHash payload_hash(prepared, params);
    std::string out;
    out.reserve(canonical_size_hint(prepared, payload_hash.view()));
    std::string signed_headers;
    signer_detail::append_canonical_request(out, signed_headers, prepared, params.normalize_path,
                                            params.double_encode_path, payload_hash.view());
    return out;
}

std::string string_to_sign(std::string_view canonical_request, const SigningParams& params) {
    const AmzTime time(params.time);
    return build_string_to_sign(time.date(), credential_scope(time.day(), params), canonical_request);
}

std::string signature(std::string_view string_to_sign, const SigningParams& params, SigningKeyCache* cache) {
    return hex_signature(string_to_sign, params, AmzTime(params.time).day(), cache);
}

Result<SigningResult> sign(Request& request, const SigningParams& params, SigningKeyCache* cache) {
    if (auto error = cannot_sign(request, params)) return std::move(*error);
    const AmzTime time(params.time);
    const PayloadHash payload_hash(request, params);

    SigningResult result;
    result.credential_scope = credential_scope(time.day(), params);
    prepare(request, params, time, result.credential_scope, payload_hash.view());

    result.canonical_request.reserve(canonical_size_hint(request, payload_hash.view()));
    signer_detail::append_canonical_request(result.canonical_request, result.signed_headers, request,
                                            params.normalize_path, params.double_encode_path, payload_hash.view());
    result.string_to_sign = build_string_to_sign(time.date(), result.credential_scope, result.canonical_request);
    result.signature = hex_signature(result.string_to_sign, params, time.day(), cache);

    const std::string& token = params.credentials.session_token;
    if (params.mode == SigningMode::Header) {
        std::string& authorization = result.authorization;
        authorization.reserve(kSigningAlgorithm.size() + params.credentials.access_key_id.size() +
                              result.credential_scope.size() + result.signed_headers.size() + result.signature.size() +
                              40);
        authorization += kSigningAlgorithm;
        authorization += " Credential=";
        authorization += params.credentials.access_key_id;
        authorization += '/';
        authorization += result.credential_scope;
        authorization += ", SignedHeaders=";
        authorization += result.signed_headers;
        authorization += ", Signature=";
        authorization += result.signature;
        put_header(request.headers, "Authorization", authorization);
        if (params.omit_session_token && !token.empty()) put_header(request.headers, kSecurityTokenName, token);
    } else {
        if (params.omit_session_token && !token.empty()) append_parameter(request.query, kSecurityTokenName, token);
        append_parameter(request.query, "X-Amz-Signature", result.signature);
    }
    return result;
}

}  // namespace awsrest
