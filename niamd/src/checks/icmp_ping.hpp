// IcmpPing: `PING target PORT 0` — does the target answer an ICMP (or ICMPv6) echo?
#pragma once

#include <string>

#include "checks/check.hpp"

namespace niamd::checks {

// Which socket sends the echo. Automatic: an unprivileged ICMP datagram socket
// (socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP), allowed by net.ipv4.ping_group_range),
// else a raw socket (root or CAP_NET_RAW). The other two are for tests.
enum class IcmpSocketChoice { Automatic, DatagramOnly, RawOnly };

class IcmpPing final : public Check {
  public:
    explicit IcmpPing(std::string target, IcmpSocketChoice choice = IcmpSocketChoice::Automatic)
        : target_(std::move(target)), choice_(choice) {}
    // Sends an echo request every second until a reply comes or the time is up.
    CheckOutcome run(std::chrono::milliseconds timeout) override;

  private:
    std::string target_;
    IcmpSocketChoice choice_;
};

}  // namespace niamd::checks
