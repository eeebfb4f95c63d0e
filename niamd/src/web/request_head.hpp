// How many of the bytes a connection has sent make one whole HTTP/1.1 request, within
// the web interface's bounds (request_gate.hpp holds a connection until this says
// Complete or Refused). Only the framing is read here: the request line, the header
// lines, Content-Length and Transfer-Encoding; cpp-httplib parses the rest.
#pragma once

#include <cstddef>
#include <string_view>

namespace niamd::web {

struct RequestBounds {
    std::size_t max_request_line = 8 * 1024;  // longer: 414
    std::size_t max_header_line = 8 * 1024;   // longer: 431
    std::size_t max_header_lines = 100;       // more: 431
    std::size_t max_head_bytes = 16 * 1024;   // request line, headers, blank line; more: 431
    std::size_t max_body_bytes = 4 * 1024;    // a larger Content-Length: 413
};

enum class RequestScan { Incomplete, Complete, Refused };

struct ScannedRequest {
    RequestScan scan = RequestScan::Incomplete;
    std::size_t request_bytes = 0;  // Complete: the head and the body
    bool keeps_connection = false;  // Complete: GET or HEAD; after any other method it closes
    int status = 0;                 // Refused: 400, 411, 413, 414 or 431
    std::string_view reason;        // Refused: for the error body, e.g. "request headers too large"
};

// Looks at `buffered` from its start (the first byte of a request). Decides as soon as
// a bound is passed, so no more than the bounds need ever be buffered. A request
// without Content-Length or Transfer-Encoding has no body (RFC 9112 6.3).
ScannedRequest scan_request(std::string_view buffered, const RequestBounds& bounds);

}  // namespace niamd::web
