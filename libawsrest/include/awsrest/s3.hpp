// Amazon S3: get, put and head an object, and list a bucket (ListObjectsV2), as plain
// signed REST requests.
//
// Keys are percent-encoded once, as S3 wants (RFC 3986 unreserved characters and '/'
// kept), and signed with S3's rules (no path normalisation, x-amz-content-sha256).
// A GET body is held in memory: its size is bounded by the transport's
// HttpOptions::max_response_bytes (16 MiB by default); a larger object fails with a
// Network error, never a truncated body.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "awsrest/aws_client.hpp"
#include "awsrest/clock.hpp"
#include "awsrest/endpoints.hpp"
#include "awsrest/request.hpp"
#include "awsrest/result.hpp"

namespace awsrest {

enum class S3AddressingStyle {
    // https://bucket.host/key. Falls back to Path when the bucket name is not
    // DNS-compatible (or holds a '.' over https, which the TLS certificate would not
    // cover), or when the endpoint's host is an IP address or "localhost".
    VirtualHosted,
    // https://host/bucket/key
    Path,
};

struct S3Options {
    S3AddressingStyle addressing = S3AddressingStyle::VirtualHosted;
};

// S3's own limits, checked before anything is sent.
inline constexpr std::size_t kMaxS3KeyBytes = 1024;
inline constexpr std::size_t kMaxS3BucketBytes = 255;
// Pages list_all_objects fetches before giving up, unless told otherwise.
inline constexpr int kDefaultMaxListPages = 100;

// User metadata: the x-amz-meta-* headers, names without the prefix and in lower case.
using S3Metadata = std::map<std::string, std::string>;

struct GetObjectOptions {
    // An ETag exactly as S3 gave it (with its double quotes). When the object still has
    // it, S3 answers 304 and the result is not_modified with an empty body: a cheap poll.
    std::string if_none_match;
};

struct GetObjectResult {
    bool not_modified = false;  // 304: the object still has the ETag in if_none_match
    std::string etag;           // as S3 sends it, quotes included
    std::string body;
    std::string content_type;
    std::optional<TimePoint> last_modified;
    S3Metadata metadata;
};

struct HeadObjectResult {
    std::string etag;
    std::string content_type;
    std::uint64_t content_length = 0;
    std::optional<TimePoint> last_modified;
    S3Metadata metadata;
};

struct PutObjectOptions {
    // Always sent: some S3 implementations fail on a missing or form-encoded type.
    std::string content_type = "application/octet-stream";
    S3Metadata metadata;  // sent as x-amz-meta-<name>
};

struct PutObjectResult {
    std::string etag;        // as S3 sends it, quotes included
    std::string version_id;  // empty unless the bucket is versioned
};

struct ListObjectsV2Request {
    std::string bucket;
    std::string prefix;
    std::string delimiter;           // e.g. "/": keys below it are rolled into common_prefixes
    std::string continuation_token;  // from the previous page's next_continuation_token
    std::string start_after;
    int max_keys = 0;  // 0: S3's default (1000)
};

struct S3Object {
    std::string key;
    std::optional<TimePoint> last_modified;
    std::string etag;
    std::uint64_t size = 0;
    std::string storage_class;
};

struct ListObjectsV2Result {
    std::vector<S3Object> objects;
    std::vector<std::string> common_prefixes;
    bool is_truncated = false;
    std::string next_continuation_token;  // set when is_truncated
    int key_count = 0;                    // objects plus common prefixes in this page (list_all_objects: in all pages)
};

// Where a request for a bucket and key goes.
struct S3Location {
    Endpoint endpoint;  // the bucket's own host in virtual-hosted style
    std::string path;   // as on the wire, key percent-encoded
    bool virtual_hosted = false;
};

class S3Client {
  public:
    S3Client(AwsClient& client, ServiceEndpoint endpoint, S3Options options = {});

    // 404 is a Service error with code "NoSuchKey" (or "NoSuchBucket").
    Result<GetObjectResult> get_object(const std::string& bucket, const std::string& key,
                                       const GetObjectOptions& options = {});
    Result<PutObjectResult> put_object(const std::string& bucket, const std::string& key, std::string body,
                                       const PutObjectOptions& options = {});
    // A HEAD answer has no body, so a 404 is reported as a Service error with code
    // "NotFound" and a 403 as code "Forbidden".
    Result<HeadObjectResult> head_object(const std::string& bucket, const std::string& key);

    // One page.
    Result<ListObjectsV2Result> list_objects_v2(const ListObjectsV2Request& request);
    // Every page, following continuation tokens, into one result (is_truncated false).
    // Fails rather than return a partial listing when there are more than max_pages.
    Result<ListObjectsV2Result> list_all_objects(ListObjectsV2Request request, int max_pages = kDefaultMaxListPages);

    // The endpoint and path a request for this bucket and key goes to ("" key: the bucket).
    Result<S3Location> locate(std::string_view bucket, std::string_view key) const;

  private:
    AwsClient& client_;
    ServiceEndpoint endpoint_;
    S3Options options_;
};

// True for the errors that mean "no such object": code NoSuchKey (GET) or NotFound (HEAD).
bool is_s3_not_found(const Error& error) noexcept;

// Whether a bucket name can be a DNS label for virtual-hosted style: 3-63 characters of
// lower-case letters, digits, '.' and '-', starting and ending with a letter or digit,
// no ".." , ".-" or "-.", and not shaped like an IPv4 address.
bool is_dns_compatible_bucket(std::string_view bucket) noexcept;

}  // namespace awsrest
