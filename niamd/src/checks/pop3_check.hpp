// Pop3Check: type `pop3` — a `+OK` greeting and QUIT answered `+OK`; with username and
// password, USER/PASS, STAT, the headers of each message (TOP n 0, RETR n on a server without
// TOP), remove each niam token
// found from its list, DELE its message, QUIT.
#pragma once

#include <filesystem>
#include <string>

#include "checks/check.hpp"
#include "checks/connection.hpp"

namespace niamd::checks {

// 110, or 995 with implicit TLS.
inline int pop3_default_port(bool ssl) { return ssl ? 995 : 110; }

struct Pop3Options {
    std::string target;
    int port = 110;
    bool ssl = false;
    bool starttls = false;  // STLS
    TlsOptions tls;
    std::string username;
    std::string password;  // never in an output or a log
    std::string mailflowid;
    std::filesystem::path state_dir;
};

// Lines of one message read before it counts as a wrong answer.
inline constexpr int kPop3MaxMessageLines = 5000;

class Pop3Check final : public Check {
  public:
    explicit Pop3Check(Pop3Options options) : options_(std::move(options)) {}
    CheckOutcome run(std::chrono::milliseconds timeout) override;

  private:
    Pop3Options options_;
};

}  // namespace niamd::checks
