// The client's journal and SSH login statements: JOURNAL [unit=U...] [priority=P] [name=N]
// [directory=D] and SSH_LOGINS [path] [directory=D] (docs/config.md). Each reads the words
// after its keyword; a bad statement gives a problem message (never a crash) and nothing applies.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "config/host_config.hpp"

namespace niamd::config {

// JOURNAL statements a config may hold; more are refused.
inline constexpr std::size_t kMaxJournalStatements = 64;

std::variant<JournalSpec, std::string> read_journal(const std::vector<std::string_view>& args);
std::variant<SshLoginsSpec, std::string> read_ssh_logins(const std::vector<std::string_view>& args);

}  // namespace niamd::config
