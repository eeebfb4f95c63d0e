// SshCheck: type `ssh` — does the server send an RFC 4253 identification line
// ("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3")? The software version is the output.
#pragma once

#include <string>

#include "checks/check.hpp"

namespace niamd::checks {

struct SshOptions {
    std::string target;
    int port = 22;
};

// Lines a server may send before its identification line (RFC 4253 4.2 allows some).
inline constexpr int kSshMaxLinesBeforeIdentification = 20;

class SshCheck final : public Check {
  public:
    explicit SshCheck(SshOptions options) : options_(std::move(options)) {}
    // Reads lines until one starts with "SSH-"; "SSH-2.0-" and "SSH-1.99-" are OK, another
    // version or no identification is a WARNING. Sends its own identification, then closes.
    CheckOutcome run(std::chrono::milliseconds timeout) override;

  private:
    SshOptions options_;
};

}  // namespace niamd::checks
