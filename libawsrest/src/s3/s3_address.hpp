// Where an S3 request goes: path-style or virtual-hosted-style, and S3's encodings.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "awsrest/request.hpp"
#include "awsrest/result.hpp"
#include "awsrest/s3.hpp"

namespace awsrest::s3 {

// RFC 3986 percent-encoding of every byte but the unreserved ones (A-Z a-z 0-9 - . _ ~);
// '/' is kept too when keep_slash. Hex digits are upper case.

// The key as it goes in an S3 path: RFC 3986 unreserved characters and '/' kept, every
// other byte as %XX (upper-case hex). "a b/c+d~" -> "a%20b/c%2Bd~".
std::string encode_key(std::string_view key);

// Undoes S3's encoding-type=url on a listed key: %XX bytes, and '+' as a space.
// nullopt when a '%' is not followed by two hex digits.
std::optional<std::string> url_decode(std::string_view text);

// Whether a host is an IP literal ("127.0.0.1", "[::1]") or "localhost": names a
// bucket cannot be prefixed to.
bool is_ip_or_localhost(std::string_view host) noexcept;

// The endpoint and path of a request for bucket and key (an empty key: the bucket).
// `operation` names the call in errors (empty or oversized bucket, oversized key).
Result<S3Location> locate(const Endpoint& endpoint, S3AddressingStyle style, std::string_view bucket,
                          std::string_view key, std::string_view operation);

}  // namespace awsrest::s3
