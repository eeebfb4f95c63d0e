// HttpCheck: `HTTP target PORT n`, `HTTP url` or an http service — does the request get the
// answer its endpoint test expects (by default: a 2xx or 3xx) in time?
#pragma once

#include <cstddef>
#include <string>

#include "checks/check.hpp"
#include "checks/connection.hpp"
#include "checks/http_endpoint.hpp"

namespace niamd::checks {

// Body bytes read before the check stops reading (and still counts the answer); the
// body itself is never kept.
inline constexpr std::size_t kMaxHttpBodyBytes = 1024 * 1024;

class HttpCheck final : public Check {
  public:
    // `tls` applies to an https URL: its name (default: the URL's host), ca_file,
    // ignore_invalid and expire_before_days.
    explicit HttpCheck(std::string url, HttpEndpoint endpoint = {}, TlsOptions tls = {})
        : url_(std::move(url)), endpoint_(std::move(endpoint)), tls_(std::move(tls)) {}
    // One request with libcurl (the endpoint's method, headers and Host), redirects followed
    // only up to max_redirects, proxies from the environment as curl reads them. The answer
    // is judged by judge_http_answer: status, body, time; the phases and size are in the
    // perfdata. On https the chain the server sent is judged by checks/certificate_verdict
    // (a bad chain fails the check; the verdict's text follows, and perfdata `tls_days_left=N`).
    CheckOutcome run(std::chrono::milliseconds timeout) override;

  private:
    std::string url_;  // may hold a token: never written into an outcome or a log
    HttpEndpoint endpoint_;
    TlsOptions tls_;
};

}  // namespace niamd::checks
