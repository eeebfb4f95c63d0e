// HttpCheck: `HTTP target PORT n` or `HTTP url` — does a GET answer 2xx or 3xx in time?
#pragma once

#include <cstddef>
#include <string>

#include "checks/check.hpp"

namespace niamd::checks {

// Body bytes read before the check stops reading (and still counts the answer); the
// body itself is never kept.
inline constexpr std::size_t kMaxHttpBodyBytes = 1024 * 1024;

class HttpCheck final : public Check {
public:
    explicit HttpCheck(std::string url) : url_(std::move(url)) {}
    // One GET with libcurl: redirects are not followed, TLS peers are verified, proxies
    // come from the environment as curl reads them. Status and time are in the outcome.
    CheckOutcome run(std::chrono::milliseconds timeout) override;

private:
    std::string url_;  // may hold a token: never written into an outcome or a log
};

}  // namespace niamd::checks
