// An HTTP request as it goes on the wire, and the endpoint it goes to.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "awsrest/result.hpp"

namespace awsrest {

struct Header {
    std::string name;
    std::string value;
    bool operator==(const Header&) const = default;
};

using Headers = std::vector<Header>;

// Case-insensitive header lookup: the first header with that name, or nullopt.
std::optional<std::string_view> find_header(const Headers& headers, std::string_view name);
// Replaces every header of that name (case-insensitive) with one header, appended last
// when none existed.
void set_header(Headers& headers, std::string_view name, std::string value);
void remove_header(Headers& headers, std::string_view name);

// A request exactly as sent: the path and query are kept as written (already
// percent-encoded, or not), because SigV4 signs the bytes on the wire.
struct Request {
    std::string method = "GET";
    std::string path = "/";  // as on the wire
    std::string query;       // as on the wire, without the leading '?'
    Headers headers;         // includes Host
    std::string body;
};

// Where a request goes: scheme://host[:port].
struct Endpoint {
    std::string scheme = "https";
    std::string host;       // no port
    int port = 0;           // 0: the scheme's default
    std::string base_path;  // path prefix from the URL, without trailing '/', usually ""

    // "host" or "host:port" as it belongs in the Host header.
    std::string host_header() const;
    // "scheme://host[:port]"
    std::string origin() const;
};

// Longest URL parse_url accepts.
inline constexpr std::size_t kMaxUrlBytes = 16 * 1024;

// Parses "https://host[:port][/path][?query]" into an endpoint plus path and query.
// The path ("/" when absent) is also the endpoint's base_path, less its trailing '/'.
// An IPv6 host keeps its brackets ("[::1]"); a fragment is dropped; user info is refused.
struct ParsedUrl {
    Endpoint endpoint;
    std::string path = "/";
    std::string query;
};
Result<ParsedUrl> parse_url(std::string_view url);

// The full URL of a request at an endpoint: origin + path + ('?' + query).
std::string request_url(const Endpoint& endpoint, const Request& request);

// Largest input parse_raw_request reads.
inline constexpr std::size_t kMaxRawRequestBytes = 1024 * 1024;

// Reads one raw HTTP/1.1 request as in the SigV4 test suite's request.txt: a request
// line "METHOD target HTTP/1.1", "Name:value" header lines (a line starting with
// whitespace continues the previous value, joined with "\n" as in the suite), an
// optional blank line, then the body. The target is split at the first '?'. Values are
// kept exactly as written after the ':'. The " HTTP/1.1" version may be missing; lines
// may end in CRLF; control characters other than tab are refused outside the body.
// Errors name the line that is wrong; `source` names the input (a file name).
Result<Request> parse_raw_request(std::string_view text, std::string_view source = "request");

// The inverse, in the same format: request line, headers in order, blank line, body.
std::string format_raw_request(const Request& request);

}  // namespace awsrest
