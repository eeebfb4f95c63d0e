// HttpCheck: `HTTP target PORT n` or `HTTP url` — does a GET answer 2xx or 3xx in time?
#pragma once

#include <cstddef>
#include <string>

#include "checks/check.hpp"
#include "checks/connection.hpp"

namespace niamd::checks {

// Body bytes read before the check stops reading (and still counts the answer); the
// body itself is never kept.
inline constexpr std::size_t kMaxHttpBodyBytes = 1024 * 1024;

class HttpCheck final : public Check {
public:
    explicit HttpCheck(std::string url) : url_(std::move(url)) {}
    // `tls` applies to an https URL: its name (default: the URL's host), ca_file,
    // ignore_invalid and expire_before_days.
    HttpCheck(std::string url, TlsOptions tls) : url_(std::move(url)), tls_(std::move(tls)) {}
    // One GET with libcurl: redirects are not followed, proxies come from the environment
    // as curl reads them. Status and time are in the outcome. On https the chain the server
    // sent is judged by checks/certificate_verdict (a bad chain fails the check; the verdict's
    // text follows the status, and perfdata `tls_days_left=N`).
    CheckOutcome run(std::chrono::milliseconds timeout) override;

private:
    std::string url_;  // may hold a token: never written into an outcome or a log
    TlsOptions tls_;
};

}  // namespace niamd::checks
