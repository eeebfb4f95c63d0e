// The regular files a LOG glob matches now ('*', '?' and '[...]' in the last part, glob(3)),
// sorted, at most `max` (`more` tells when there were others).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace niamd::follow {

std::vector<std::string> glob_files(const std::string& pattern, std::size_t max, bool& more);
bool is_glob(const std::string& pattern);

}  // namespace niamd::follow
