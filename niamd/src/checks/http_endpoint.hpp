// HttpEndpoint: what an endpoint test asks of one HTTP answer (docs/checks.md "Endpoint
// tests"), and judge_http_answer, which says whether an answer meets it. No I/O here:
// HttpCheck makes the request and hands the answer in.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "checks/body_pattern.hpp"
#include "checks/check.hpp"

namespace niamd::checks {

// The first bytes of a body kept for body_contains / body_not_contains / body_regex. The
// rest is read and counted, not kept.
inline constexpr std::size_t kMaxJudgedBodyBytes = 256 * 1024;

struct HttpStatusRange {
    int low = 200;
    int high = 399;
};

struct HttpEndpoint {
    std::string method = "GET";                  // HEAD reads no body
    std::vector<std::string> headers;            // "Name: value" lines, sent as written
    std::string host_header;                     // empty: the URL's host
    bool accept_redirection = true;              // 3xx counts as success (default expect_status)
    int max_redirects = 0;                       // 0: a redirect is the answer, not followed
    std::vector<HttpStatusRange> expect_status;  // empty: 200-399, or 200-299 without accept_redirection
    std::string body_contains;
    std::string body_not_contains;
    std::optional<BodyPattern> body_regex;
    std::optional<int> warn_ms;  // total time above: WARNING
    std::optional<int> crit_ms;  // total time above: CRITICAL
};

// curl's phases of one transfer, in milliseconds each (not cumulative).
struct HttpTimings {
    double dns_ms = 0;
    double connect_ms = 0;
    double tls_ms = 0;
    double first_byte_ms = 0;  // from the request sent (or TLS done) to the first answer byte
    double total_ms = 0;       // the whole transfer, redirects included
};

struct HttpAnswer {
    long status = 0;
    long redirects = 0;  // followed
    HttpTimings timings;
    std::size_t body_bytes = 0;  // read (up to kMaxHttpBodyBytes)
    bool body_cut = false;       // the body was longer than the check reads
    std::string body;            // its first kMaxJudgedBodyBytes
};

// Status, then body, then time: the worst verdict wins; the output says what was found
// ("HTTP 200 in 12 ms, 5120 bytes" or "HTTP 503 in 12 ms, expected 200-299"), the perfdata
// gives status, size and the phases (time, dns, connect, tls, firstbyte in ms).
CheckOutcome judge_http_answer(const HttpAnswer& answer, const HttpEndpoint& endpoint);

// The ranges an endpoint accepts: its own, or the default.
std::vector<HttpStatusRange> accepted_statuses(const HttpEndpoint& endpoint);
// "200-299,301"
std::string status_ranges_text(const std::vector<HttpStatusRange>& ranges);

}  // namespace niamd::checks
