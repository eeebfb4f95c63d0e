// niamd --check-config FILE [--role client|master]: the host config's problems, like
// `nginx -t`. Reads only FILE: no state dir, no credentials, no AWS.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "config/config_problem.hpp"
#include "config/host_config.hpp"

namespace niamd::daemon {

// The parser's problems, plus those of the role the config is checked for (`role`, else
// its own ROLE): a client config holding master-only statements, a master checked on a
// config that would run as a client.
std::vector<config::ConfigProblem> check_config_text(std::string_view text, std::string_view source,
                                                     std::optional<config::Role> role);

// Prints one `FILE:LINE: message` line per problem and a summary line
// (`niamd: FILE: syntax is ok` / `niamd: FILE: N problems`) to `out`. Returns the exit
// code: 0 no problem, 1 any problem or FILE unreadable.
int check_config_file(const std::string& path, std::optional<config::Role> role, std::ostream& out);

}  // namespace niamd::daemon
