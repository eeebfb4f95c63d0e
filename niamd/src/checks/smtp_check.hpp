// SmtpCheck: type `smtp` — a 220 greeting, EHLO, QUIT; with `ssl` implicit TLS first, with
// `starttls` STARTTLS after the first EHLO (and EHLO again); with `email`, a mail carrying a
// unique token is sent and the token recorded in the token list of `mailflowid`.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "checks/check.hpp"
#include "checks/connection.hpp"

namespace niamd::checks {

// 25, or 465 with implicit TLS.
inline int smtp_default_port(bool ssl) { return ssl ? 465 : 25; }

struct SmtpOptions {
    std::string target;
    int port = 25;
    bool ssl = false;       // implicit TLS right after connecting
    bool starttls = false;  // STARTTLS after EHLO
    TlsOptions tls;
    std::string helo_name;   // the host's FQDN (the caller fills it in)
    std::string email;       // empty: no mail sent
    std::string mailflowid;  // the token list the sent token goes to
    std::filesystem::path state_dir;
};

// Lines of one SMTP reply read before it counts as a wrong answer.
inline constexpr int kSmtpMaxReplyLines = 100;

class SmtpCheck final : public Check {
  public:
    explicit SmtpCheck(SmtpOptions options) : options_(std::move(options)) {}
    CheckOutcome run(std::chrono::milliseconds timeout) override;

  private:
    SmtpOptions options_;
};

}  // namespace niamd::checks
