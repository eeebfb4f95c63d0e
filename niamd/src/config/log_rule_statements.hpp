// The master's alert rules on log lines and events (docs/config.md, docs/logs.md "Alerts on
// lines and events"):
//   LOG_ALERT name /regex/[i] [host=glob] [COUNT n WITHIN seconds]
//   CONTAINER_ALERT die-nonzero | oom | unhealthy | restarts n WITHIN seconds  [host=glob]
//   SSH_ALERT failures n WITHIN seconds [per-source] [host=glob]
//   SSH_ALERT accepted [user=glob] [host=glob]
// Each reads the words after its keyword; a bad statement gives a problem message (never a
// crash) and nothing applies. LOG_ALERT's regex is compiled here once to tell a bad one.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "config/host_config.hpp"

namespace niamd::config {

inline constexpr std::size_t kMaxRuleNameBytes = 64;
inline constexpr std::size_t kMaxRuleRegexBytes = 1024;
inline constexpr std::size_t kMaxRuleGlobBytes = 255;

// `args` are the words after the keyword, views into one line in their order (as the config
// parser splits them): LOG_ALERT's regex may hold spaces, read from the line between the slashes.
std::variant<LogRuleSpec, std::string> read_log_alert(const std::vector<std::string_view>& args);
std::variant<LogRuleSpec, std::string> read_container_alert(const std::vector<std::string_view>& args);
std::variant<LogRuleSpec, std::string> read_ssh_alert(const std::vector<std::string_view>& args);

}  // namespace niamd::config
