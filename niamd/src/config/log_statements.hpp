// The client's log statements: JOURNAL [unit=U...] [priority=P] [name=N] [directory=D],
// SSH_LOGINS [path] [directory=D], LOG path-or-glob [name=N], LOG_MAX_LINE and LOG_RATE
// (docs/config.md). Each reads the words
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

// LOG_MAX_LINE bytes and LOG_RATE lines/s: the bounds they are read within.
inline constexpr std::size_t kMinLogMaxLine = 1024;
inline constexpr std::size_t kMaxLogMaxLine = 256 * 1024;
inline constexpr std::size_t kMinLogRate = 1;
inline constexpr std::size_t kMaxLogRate = 1000000;

std::variant<JournalSpec, std::string> read_journal(const std::vector<std::string_view>& args);
std::variant<SshLoginsSpec, std::string> read_ssh_logins(const std::vector<std::string_view>& args);
// LOG_MAX_LINE bytes (kMinLogMaxLine-kMaxLogMaxLine) and LOG_RATE lines/s (kMinLogRate-kMaxLogRate):
// the number, or the problem.
std::variant<std::size_t, std::string> read_log_max_line(const std::vector<std::string_view>& args);
std::variant<std::size_t, std::string> read_log_rate(const std::vector<std::string_view>& args);

// LOG statements a config may hold; more are refused.
inline constexpr std::size_t kMaxLogStatements = 256;

// LOG path-or-glob [name=N]: an absolute path without "." or ".." parts.
std::variant<LogFileSpec, std::string> read_log_file(const std::vector<std::string_view>& args);
// The source name a LOG statement gives the file `path` (docs/logs.md, "Files").
std::string log_source_name(const LogFileSpec& spec, const std::string& path);

}  // namespace niamd::config
