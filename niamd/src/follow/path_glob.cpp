#include "follow/path_glob.hpp"

#include <glob.h>
#include <sys/stat.h>

namespace niamd::follow {

bool is_glob(const std::string& pattern) { return pattern.find_first_of("*?[") != std::string::npos; }

std::vector<std::string> glob_files(const std::string& pattern, std::size_t max, bool& more) {
    more = false;
    std::vector<std::string> files;
    glob_t matches{};
    if (::glob(pattern.c_str(), 0, nullptr, &matches) == 0) {
        for (std::size_t i = 0; i < matches.gl_pathc; ++i) {
            struct stat st {};
            if (::stat(matches.gl_pathv[i], &st) != 0 || !S_ISREG(st.st_mode)) continue;
            if (files.size() >= max) {
                more = true;
                break;
            }
            files.emplace_back(matches.gl_pathv[i]);
        }
    }
    ::globfree(&matches);
    return files;
}

}  // namespace niamd::follow
