// TcpCheck: a `tcp` service — a TCP connection opens in time; with TLS options, a TLS
// handshake and the certificate checks of the served chain (checks/certificate_verdict).
#pragma once

#include <optional>
#include <string>

#include "checks/check.hpp"
#include "checks/connection.hpp"

namespace niamd::checks {

struct TcpCheckOptions {
    std::string target;
    int port = 0;
    std::optional<TlsOptions> tls;  // set: `ssl = true`
};

class TcpCheck final : public Check {
  public:
    explicit TcpCheck(TcpCheckOptions options) : options_(std::move(options)) {}
    // "connected in 3 ms"; with TLS, the verdict's text and code, and perfdata
    // `tls_days_left=N` (the days left of the first-expiring certificate of the chain).
    CheckOutcome run(std::chrono::milliseconds timeout) override;

  private:
    TcpCheckOptions options_;
};

// The outcome of a TLS verdict: its code (OK/WARNING/CRITICAL/UNKNOWN), `prefix` then its
// text, and perfdata `tls_days_left=N` when the days are known.
CheckOutcome tls_outcome(int latency_ms, const std::string& prefix, const TlsVerdict& verdict);

}  // namespace niamd::checks
