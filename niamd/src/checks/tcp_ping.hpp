// TcpPing: `PING target PORT n` with n > 0 — can a TCP connection be opened in time?
#pragma once

#include <string>

#include "checks/check.hpp"

namespace niamd::checks {

class TcpPing final : public Check {
  public:
    TcpPing(std::string target, int port) : target_(std::move(target)), port_(port) {}
    // Tries the target's addresses in turn until one accepts or the time is up; the
    // connection is closed at once, nothing is sent.
    CheckOutcome run(std::chrono::milliseconds timeout) override;

  private:
    std::string target_;
    int port_;
};

}  // namespace niamd::checks
