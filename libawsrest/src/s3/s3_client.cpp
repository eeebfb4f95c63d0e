// S3Client: object and listing calls as signed REST requests through AwsClient.
#include <algorithm>
#include <iterator>
#include <string>

#include "awsrest/s3.hpp"
#include "core/query_form.hpp"
#include "s3/s3_address.hpp"
#include "s3/s3_response.hpp"

namespace awsrest {

namespace {

constexpr std::string_view kGetObject = "S3.GetObject";
constexpr std::string_view kPutObject = "S3.PutObject";
constexpr std::string_view kHeadObject = "S3.HeadObject";
constexpr std::string_view kListObjects = "S3.ListObjectsV2";
constexpr int kNotModified = 304;
// S3's own ceiling on max-keys.
constexpr int kMaxKeysPerPage = 1000;

Error invalid(std::string_view operation, const std::string& what) {
    return make_error(ErrorKind::InvalidArgument, std::string(operation) + ": " + what);
}

// Header values we put on the wire must not break the request apart.
bool is_safe_header_value(std::string_view value) noexcept {
    return std::none_of(value.begin(), value.end(), [](char c) { return c == '\r' || c == '\n' || c == '\0'; });
}

bool is_token(std::string_view name) noexcept {
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
               c == '.';
    });
}

// "s3://bucket/key" for messages; both are bounded by locate() before this is used.
std::string object_url(std::string_view bucket, std::string_view key) {
    return "s3://" + std::string(bucket) + "/" + std::string(key);
}

CallOptions s3_call(const ServiceEndpoint& endpoint, std::string_view operation) {
    CallOptions options;
    options.operation = std::string(operation);
    options.region = endpoint.region;
    options.service = endpoint.signing_name;
    options.s3_rules = true;
    return options;
}

Result<S3Location> locate_object(const ServiceEndpoint& endpoint, S3AddressingStyle style, std::string_view bucket,
                                 std::string_view key, std::string_view operation) {
    if (key.empty()) return invalid(operation, "the key is empty");
    return s3::locate(endpoint.endpoint, style, bucket, key, operation);
}

}  // namespace

S3Client::S3Client(AwsClient& client, ServiceEndpoint endpoint, S3Options options)
    : client_(client), endpoint_(std::move(endpoint)), options_(options) {
    if (endpoint_.signing_name.empty()) endpoint_.signing_name = "s3";
}

Result<S3Location> S3Client::locate(std::string_view bucket, std::string_view key) const {
    return s3::locate(endpoint_.endpoint, options_.addressing, bucket, key, "S3");
}

Result<GetObjectResult> S3Client::get_object(const std::string& bucket, const std::string& key,
                                             const GetObjectOptions& options) {
    auto location = locate_object(endpoint_, options_.addressing, bucket, key, kGetObject);
    if (!location) return std::move(location).error();
    if (!is_safe_header_value(options.if_none_match)) {
        return invalid(kGetObject, "if_none_match holds a line break or NUL");
    }

    Request request;
    request.method = "GET";
    request.path = location->path;
    if (!options.if_none_match.empty()) set_header(request.headers, "If-None-Match", options.if_none_match);

    auto response = client_.call(location->endpoint, request, s3_call(endpoint_, kGetObject));
    // AwsClient hands back 2xx only, so 304 arrives as an Http error carrying the status;
    // for a conditional GET it is the expected "still the same" answer, not a failure.
    const bool not_modified =
        response ? response->status == kNotModified : response.error().http_status == kNotModified;
    if (not_modified && !options.if_none_match.empty()) {
        GetObjectResult result;
        result.not_modified = true;
        result.etag = options.if_none_match;
        if (response) {
            if (const auto etag = response->header("ETag"); etag && !etag->empty()) result.etag = std::string(*etag);
        }
        return result;
    }
    if (!response) return std::move(response).error();
    return s3::get_object_result(std::move(response).value());
}

Result<PutObjectResult> S3Client::put_object(const std::string& bucket, const std::string& key, std::string body,
                                             const PutObjectOptions& options) {
    auto location = locate_object(endpoint_, options_.addressing, bucket, key, kPutObject);
    if (!location) return std::move(location).error();
    const std::string content_type =
        options.content_type.empty() ? std::string("application/octet-stream") : options.content_type;
    if (!is_safe_header_value(content_type)) return invalid(kPutObject, "content_type holds a line break or NUL");

    Request request;
    request.method = "PUT";
    request.path = location->path;
    set_header(request.headers, "Content-Type", content_type);
    for (const auto& [name, value] : options.metadata) {
        if (!is_token(name)) return invalid(kPutObject, "metadata name '" + name + "' is not a plain header name");
        if (!is_safe_header_value(value)) {
            return invalid(kPutObject, "metadata '" + name + "' holds a line break or NUL");
        }
        set_header(request.headers, "x-amz-meta-" + name, value);
    }
    request.body = std::move(body);

    return client_.call(location->endpoint, request, s3_call(endpoint_, kPutObject))
        .and_then([](const Response& response) { return s3::put_object_result(response); });
}

Result<HeadObjectResult> S3Client::head_object(const std::string& bucket, const std::string& key) {
    auto location = locate_object(endpoint_, options_.addressing, bucket, key, kHeadObject);
    if (!location) return std::move(location).error();

    Request request;
    request.method = "HEAD";
    request.path = location->path;
    auto response = client_.call(location->endpoint, request, s3_call(endpoint_, kHeadObject));
    if (response) return s3::head_object_result(*response);

    // A HEAD answer has no body, so AwsClient cannot read an AWS code from it: name the
    // two common ones as the SDKs do.
    Error error = std::move(response).error();
    if (error.kind == ErrorKind::Http && (error.http_status == 404 || error.http_status == 403)) {
        error.kind = ErrorKind::Service;
        if (error.http_status == 404) {
            error.code = "NotFound";
            error.message = std::string(kHeadObject) + ": no object " + object_url(bucket, key) +
                            " (HTTP 404: the key or the bucket does not exist)";
        } else {
            error.code = "Forbidden";
            error.message = std::string(kHeadObject) + ": access to " + object_url(bucket, key) +
                            " denied (HTTP 403: check the credentials, the bucket policy, and that a missing"
                            " key is not hidden by a lack of s3:ListBucket)";
        }
    }
    return error;
}

Result<ListObjectsV2Result> S3Client::list_objects_v2(const ListObjectsV2Request& list) {
    auto location = s3::locate(endpoint_.endpoint, options_.addressing, list.bucket, "", kListObjects);
    if (!location) return std::move(location).error();
    if (list.max_keys < 0 || list.max_keys > kMaxKeysPerPage) {
        return invalid(kListObjects, "max_keys must be between 0 and " + std::to_string(kMaxKeysPerPage));
    }
    if (list.prefix.size() > kMaxS3KeyBytes || list.start_after.size() > kMaxS3KeyBytes ||
        list.delimiter.size() > kMaxS3KeyBytes) {
        return invalid(kListObjects, "prefix, delimiter and start_after may hold at most " +
                                         std::to_string(kMaxS3KeyBytes) + " bytes");
    }

    // In canonical (sorted) order, as the signer would sort them anyway.
    Request request;
    request.method = "GET";
    request.path = location->path;
    QueryForm query;
    if (!list.continuation_token.empty()) query.add("continuation-token", list.continuation_token);
    if (!list.delimiter.empty()) query.add("delimiter", list.delimiter);
    // Keys come back percent-encoded, so a key with characters XML cannot carry still lists.
    query.add("encoding-type", "url");
    query.add("list-type", "2");
    if (list.max_keys > 0) query.add("max-keys", list.max_keys);
    if (!list.prefix.empty()) query.add("prefix", list.prefix);
    if (!list.start_after.empty()) query.add("start-after", list.start_after);
    request.query = std::move(query).text();

    return client_.call(location->endpoint, request, s3_call(endpoint_, kListObjects))
        .and_then([](const Response& response) { return s3::parse_list_objects_v2(response.body); });
}

Result<ListObjectsV2Result> S3Client::list_all_objects(ListObjectsV2Request list, int max_pages) {
    if (max_pages < 1) return invalid(kListObjects, "max_pages must be at least 1");
    ListObjectsV2Result all;
    for (int page = 1;; ++page) {
        auto result = list_objects_v2(list);
        if (!result) return std::move(result).error();
        std::move(result->objects.begin(), result->objects.end(), std::back_inserter(all.objects));
        std::move(result->common_prefixes.begin(), result->common_prefixes.end(),
                  std::back_inserter(all.common_prefixes));
        if (!result->is_truncated) {
            all.key_count = static_cast<int>(all.objects.size() + all.common_prefixes.size());
            return all;
        }

        if (result->next_continuation_token.empty()) {
            return make_error(ErrorKind::Parse, std::string(kListObjects) + ": page " + std::to_string(page) +
                                                    " is truncated but has no <NextContinuationToken>");
        }
        if (result->next_continuation_token == list.continuation_token) {
            return make_error(ErrorKind::Parse, std::string(kListObjects) + ": page " + std::to_string(page) +
                                                    " gave back the continuation token it was asked with");
        }
        if (page >= max_pages) {
            return invalid(kListObjects, "s3://" + list.bucket + "/" + list.prefix + " has more than " +
                                             std::to_string(max_pages) +
                                             " pages; raise max_pages or list a narrower prefix");
        }
        list.continuation_token = std::move(result->next_continuation_token);
        list.start_after.clear();  // the token carries the position from here on
    }
}

bool is_s3_not_found(const Error& error) noexcept {
    return error.kind == ErrorKind::Service && (error.code == "NoSuchKey" || error.code == "NotFound");
}

}  // namespace awsrest
