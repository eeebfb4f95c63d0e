// S3 answers read into results: pure functions of the response, no HTTP, so the unit
// tests and the fuzz target call them directly.
#pragma once

#include <cstddef>
#include <string_view>

#include "awsrest/http.hpp"
#include "awsrest/result.hpp"
#include "awsrest/s3.hpp"

namespace awsrest::s3 {

// Entries (objects plus common prefixes) one ListObjectsV2 page may hold; S3 sends at
// most 1000, so more means the answer is not what it claims to be.
inline constexpr std::size_t kMaxListPageEntries = 10000;

// A ListObjectsV2 body (<ListBucketResult>). Keys are decoded when the answer says
// <EncodingType>url</EncodingType>. Errors are Parse errors naming S3.ListObjectsV2.
Result<ListObjectsV2Result> parse_list_objects_v2(std::string_view body);

// x-amz-meta-* headers, the prefix removed and names in lower case.
S3Metadata user_metadata(const Headers& headers);

// A 200 GetObject answer; the body is moved out. A Last-Modified that is not an HTTP
// date is left out rather than failing the read.
GetObjectResult get_object_result(Response&& response);

// A 200 HeadObject answer; a Content-Length that is not a number is a Parse error.
Result<HeadObjectResult> head_object_result(const Response& response);

// A 200 PutObject answer; it must carry an ETag.
Result<PutObjectResult> put_object_result(const Response& response);

}  // namespace awsrest::s3
