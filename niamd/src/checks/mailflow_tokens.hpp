// MailflowTokens: the local list of one mailflowid — the tokens the smtp check sent in
// mails, each with its send time, until an imap or pop3 check finds the mail and removes
// it. One small file per id in the client's state dir (`mailflow-<id>.tokens`), rewritten
// atomically; at most kMaxMailflowTokens, the oldest dropped and counted in the file.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace niamd::checks {

inline constexpr std::size_t kMaxMailflowTokens = 1000;
inline constexpr std::string_view kMailflowTokenPrefix = "niam-mailflow-";

using WallClock = std::chrono::system_clock;

struct MailflowToken {
    std::string token;
    WallClock::time_point sent;
};

// A mailflowid is 1..64 of [A-Za-z0-9._-]; anything else names no file.
bool valid_mailflow_id(std::string_view id);
// "niam-mailflow-<id>-<16 hex>", the hex from a random source.
std::string make_mailflow_token(std::string_view id);
// The id inside a token, or empty when `token` is not one.
std::string mailflow_token_id(std::string_view token);
// Every token found in `text` (a subject line, a mail), in order.
std::vector<std::string> find_mailflow_tokens(std::string_view text);

class MailflowTokens {
  public:
    MailflowTokens(std::filesystem::path state_dir, std::string id);

    // The tokens on file, oldest first (an unreadable or missing file: none).
    std::vector<MailflowToken> list() const;
    // Tokens dropped so far because the list was full.
    unsigned long dropped() const;
    // Adds a token; false with `error` set when the file cannot be written.
    bool add(const MailflowToken& token, std::string& error);
    // Removes the tokens found; how many were on the list.
    std::size_t remove(const std::vector<std::string>& tokens, std::string& error);

    const std::filesystem::path& path() const { return path_; }

  private:
    struct Contents {
        std::vector<MailflowToken> tokens;
        unsigned long dropped = 0;
    };
    Contents load() const;
    bool store(const Contents& contents, std::string& error) const;

    std::filesystem::path path_;
};

}  // namespace niamd::checks
