// UdpCheck: type `udp` — sends one datagram (`send`, or an empty one) from a connected UDP
// socket, which the kernel fails with ECONNREFUSED when an ICMP port-unreachable comes back.
// With `expect`, an answer holding it must arrive in time; without, no ICMP error within the
// timeout counts as open (so the check takes its whole timeout).
#pragma once

#include <cstddef>
#include <string>

#include "checks/check.hpp"

namespace niamd::checks {

struct UdpOptions {
    std::string target;
    int port = 0;        // mandatory
    std::string send;    // the datagram; empty: an empty datagram
    std::string expect;  // empty: any answer or none
};

inline constexpr std::size_t kMaxUdpAnswerBytes = 65536;

class UdpCheck final : public Check {
  public:
    explicit UdpCheck(UdpOptions options) : options_(std::move(options)) {}
    CheckOutcome run(std::chrono::milliseconds timeout) override;

  private:
    UdpOptions options_;
};

}  // namespace niamd::checks
