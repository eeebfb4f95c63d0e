// MailflowCheck: type `mailflow` — CRITICAL when the token list of `id` holds a token older
// than `seconds` (a mail the smtp check sent that no imap or pop3 check saw arrive). Reads
// only the local list; the time comes from an injected clock.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include "checks/check.hpp"
#include "checks/mailflow_tokens.hpp"

namespace niamd::checks {

struct MailflowOptions {
    std::string id;   // mandatory
    int seconds = 0;  // mandatory, > 0
    std::filesystem::path state_dir;
};

class MailflowCheck final : public Check {
  public:
    using Now = std::function<WallClock::time_point()>;
    explicit MailflowCheck(
        MailflowOptions options, Now now = [] { return WallClock::now(); })
        : options_(std::move(options)), now_(std::move(now)) {}
    CheckOutcome run(std::chrono::milliseconds timeout) override;

  private:
    MailflowOptions options_;
    Now now_;
};

}  // namespace niamd::checks
