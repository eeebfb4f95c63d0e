// ImdsClient: IMDSv2 session tokens (cached on the injected clock), metadata reads with
// one retry on 401, and the quick "is this EC2?" answer.
#include "awsrest/imds.hpp"

#include <algorithm>

#include "core/ascii.hpp"
#include "imds/imds_response.hpp"

namespace awsrest {

namespace {

constexpr std::string_view kTokenPath = "/latest/api/token";
constexpr std::string_view kTokenTtlHeader = "X-aws-ec2-metadata-token-ttl-seconds";
constexpr std::string_view kTokenHeader = "X-aws-ec2-metadata-token";
constexpr std::chrono::seconds kMaxTokenTtl{21600};
// AWS issues tokens of about 56 characters.
constexpr std::size_t kMaxTokenBytes = 4096;

bool is_success(int status) { return status >= 200 && status <= 299; }

// A metadata path: "/" then printable ASCII without spaces, so nothing odd goes on the wire.
bool is_metadata_path(std::string_view path) {
    constexpr std::size_t kMaxPath = 1024;
    if (path.empty() || path.front() != '/' || path.size() > kMaxPath) return false;
    return std::all_of(path.begin(), path.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

Error http_error(std::string_view what, const Response& response) {
    Error error =
        make_error(ErrorKind::Http, "IMDS " + std::string(what) + ": HTTP " + std::to_string(response.status) +
                                        (response.reason.empty() ? "" : " " + response.reason));
    error.http_status = response.status;
    return error;
}

Error network_error(std::string_view what, Error error) {
    error.message = "IMDS " + std::string(what) + ": " + error.message;
    return error;
}

ImdsOptions checked(ImdsOptions options) {
    options.token_ttl = std::clamp(options.token_ttl, std::chrono::seconds{1}, kMaxTokenTtl);
    if (options.token_renew_margin >= options.token_ttl || options.token_renew_margin.count() < 0) {
        options.token_renew_margin = options.token_ttl / 2;
    }
    return options;
}

}  // namespace

Result<ImdsOptions> ImdsOptions::from_environment(const EnvLookup& env) {
    ImdsOptions options;
    if (!env) return options;
    if (auto disabled = env("AWS_EC2_METADATA_DISABLED")) options.disabled = ascii::to_lower(*disabled) == "true";
    if (auto url = env("AWS_EC2_METADATA_SERVICE_ENDPOINT"); url && !url->empty()) {
        auto parsed = parse_url(*url);
        if (!parsed) {
            Error error = std::move(parsed).error();
            error.message = "AWS_EC2_METADATA_SERVICE_ENDPOINT: " + error.message;
            return error;
        }
        options.endpoint = std::move(parsed->endpoint);
    } else if (auto mode = env("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE"); mode && ascii::to_lower(*mode) == "ipv6") {
        options.endpoint = Endpoint{"http", "[fd00:ec2::254]", 0, ""};
    }
    return options;
}

ImdsClient::ImdsClient(HttpClient& http, Clock& clock, ImdsOptions options)
    : http_(&http), clock_(clock), options_(checked(std::move(options))) {}

ImdsClient::ImdsClient(ImdsOptions options, Clock& clock)
    : http_(nullptr), clock_(clock), options_(checked(std::move(options))) {
    HttpOptions http;
    http.connect_timeout = options_.connect_timeout;
    http.total_timeout = options_.total_timeout;
    http.max_response_bytes = options_.max_response_bytes;
    http.proxy_from_environment = false;  // IMDS is link-local: never through a proxy
    own_http_ = make_curl_http_client(http);
    http_ = own_http_.get();
}

ImdsClient::~ImdsClient() = default;

Result<Response> ImdsClient::send_locked(const std::string& path, const std::string& token) {
    Request request;
    request.path = options_.endpoint.base_path + path;
    request.headers.push_back({"Host", options_.endpoint.host_header()});
    if (token.empty()) {  // the token request itself
        request.method = "PUT";
        request.headers.push_back({std::string(kTokenTtlHeader), std::to_string(options_.token_ttl.count())});
    } else {
        request.method = "GET";
        request.headers.push_back({std::string(kTokenHeader), token});
    }
    auto response = http_->send(options_.endpoint, request);
    if (!response) return network_error(request.method + " " + path, std::move(response).error());
    if (response->body.size() > options_.max_response_bytes) {
        return make_error(ErrorKind::Parse, "IMDS " + request.method + " " + path + ": answer is larger than " +
                                                std::to_string(options_.max_response_bytes) + " bytes");
    }
    return response;
}

Result<std::string> ImdsClient::fetch_token_locked() {
    if (options_.disabled) {
        return make_error(ErrorKind::InvalidArgument, "IMDS is disabled (AWS_EC2_METADATA_DISABLED=true)");
    }
    if (!token_.empty() && clock_.now() < token_renew_at_) return token_;
    token_.clear();
    const TimePoint asked_at = clock_.now();
    auto response = send_locked(std::string(kTokenPath), {});
    if (!response) return std::move(response).error();
    if (!is_success(response->status)) return http_error("PUT " + std::string(kTokenPath), *response);
    std::string& token = response->body;
    if (token.empty() || token.size() > kMaxTokenBytes ||
        !std::all_of(token.begin(), token.end(), [](char c) { return c > 0x20 && c < 0x7f; })) {
        return make_error(ErrorKind::Parse, "IMDS PUT " + std::string(kTokenPath) +
                                                ": the answer is not a session token (empty, too long or not "
                                                "printable)");
    }
    token_ = std::move(token);
    token_renew_at_ = asked_at + options_.token_ttl - options_.token_renew_margin;
    return token_;
}

Result<std::string> ImdsClient::token() {
    std::lock_guard lock(mutex_);
    return fetch_token_locked();
}

Result<std::string> ImdsClient::get(std::string_view path) {
    if (!is_metadata_path(path)) {
        return make_error(ErrorKind::InvalidArgument,
                          "IMDS: a metadata path starts with '/' and holds printable characters only");
    }
    std::lock_guard lock(mutex_);
    const std::string wanted(path);
    for (int attempt = 1;; ++attempt) {
        auto token = fetch_token_locked();
        if (!token) return std::move(token).error();
        auto response = send_locked(wanted, *token);
        if (!response) return std::move(response).error();
        if (response->status == 401 && attempt == 1) {
            token_.clear();  // expired or revoked: one more try with a fresh one
            continue;
        }
        if (!is_success(response->status)) return http_error("GET " + wanted, *response);
        return std::move(response->body);
    }
}

Result<std::string> ImdsClient::instance_id() { return get("/latest/meta-data/instance-id"); }

Result<std::string> ImdsClient::region() { return get("/latest/meta-data/placement/region"); }

Result<InstanceIdentity> ImdsClient::identity_document() {
    return get("/latest/dynamic/instance-identity/document").and_then(imds::parse_identity_document);
}

std::string ImdsClient::instance_id_or_not_aws() {
    if (options_.disabled) return std::string(kNotAws);
    auto id = instance_id();
    if (!id || !imds::looks_like_instance_id(*id)) return std::string(kNotAws);
    return std::move(id).value();
}

}  // namespace awsrest
