// What the imap and pop3 checks do with the tokens they find in a mailbox: remove each from
// the token list of its mailflowid (the check's `mailflowid`, or the id inside the token).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace niamd::checks {

// Messages of a mailbox looked at in one run; more wait for the next run.
inline constexpr std::size_t kMaxMailboxMessages = 200;

struct TokensRemoved {
    std::size_t removed = 0;  // tokens that were on a list
    std::string error;        // a list that could not be written
};

TokensRemoved remove_found_tokens(const std::filesystem::path& state_dir, const std::string& mailflowid,
                                  const std::vector<std::string>& tokens);

}  // namespace niamd::checks
