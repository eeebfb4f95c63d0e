// ImapCheck: type `imap` — a `* OK` greeting and `a1 LOGOUT` answered by `* BYE` and
// `a1 OK`; with username and password, LOGIN, SELECT INBOX, SEARCH for niam tokens, FETCH
// their subjects, remove each token found from its list and delete its mail.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

#include "checks/check.hpp"
#include "checks/connection.hpp"

namespace niamd::checks {

// 143, or 993 with implicit TLS.
inline int imap_default_port(bool ssl) { return ssl ? 993 : 143; }

struct ImapOptions {
    std::string target;
    int port = 143;
    bool ssl = false;
    bool starttls = false;
    TlsOptions tls;
    std::string username;    // both set: log in and look for tokens
    std::string password;    // never in an output or a log
    std::string mailflowid;  // only this id's tokens; empty: every niam token
    std::filesystem::path state_dir;
};

// Lines of one command's answer read before it counts as a wrong answer.
inline constexpr int kImapMaxAnswerLines = 20000;
// Bytes of one command's untagged lines kept; a longer answer is a wrong answer.
inline constexpr std::size_t kImapMaxAnswerBytes = 1024 * 1024;

class ImapCheck final : public Check {
  public:
    explicit ImapCheck(ImapOptions options) : options_(std::move(options)) {}
    CheckOutcome run(std::chrono::milliseconds timeout) override;

  private:
    ImapOptions options_;
};

}  // namespace niamd::checks
