// LoginRateLimiter: failed logins per source address. After max_failures wrong
// credentials from one source within `window` (counted from its first failure), that
// source is refused for the rest of the window: the web answers 429 with Retry-After,
// without checking (so without running a slow hash). Sources are IPv4 addresses and
// IPv6 /64 networks (one host usually holds a whole /64). The table holds at most
// max_sources; a new source when it is full drops the expired ones, else the one whose
// window started first (counted). Time is an input: tests pass their own.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include <awsrest/clock.hpp>

namespace niamd::web {

struct LoginLimits {
    std::size_t max_failures = 10;
    std::chrono::seconds window{60};
    std::size_t max_sources = 4096;
};

struct LoginLimitStats {
    std::uint64_t failures = 0;  // wrong credentials recorded
    std::uint64_t refused = 0;   // requests refused (429) without checking
    std::uint64_t evicted = 0;   // sources dropped from a full table while still counting
    std::uint64_t tracked = 0;   // sources in the table now
};

// The key a remote address is counted under: the IPv4 address, or the IPv6 /64
// ("2001:db8:1:2::/64"); an IPv4-mapped IPv6 address counts as its IPv4 address.
// Anything else is kept as it is.
std::string login_source(std::string_view remote_address);

class LoginRateLimiter {
  public:
    explicit LoginRateLimiter(LoginLimits limits = {}) : limits_(limits) {}

    // How long `source` must wait before its credentials are checked again (rounded up
    // to whole seconds, at least 1); nullopt when they may be checked now. A refusal is counted.
    std::optional<std::chrono::seconds> refusal(const std::string& source, awsrest::TimePoint now);

    void record_failure(const std::string& source, awsrest::TimePoint now);

    LoginLimitStats stats() const;

  private:
    struct Window {
        awsrest::TimePoint start;
        std::size_t failures = 0;
    };
    void make_room(awsrest::TimePoint now);

    LoginLimits limits_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, Window> sources_;
    LoginLimitStats stats_;
};

}  // namespace niamd::web
