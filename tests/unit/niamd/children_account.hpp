// Run as root, the programs niamd starts run as another account (process/account.hpp:
// nobody, unless set): what a test's program must run, read or write is given to that
// account, as a plugin's own files would be. Not root: nothing to do.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <stdexcept>

#include "process/account.hpp"
#include "support/temp_dir.hpp"

namespace test_support {

inline void give_to_children(TempDir& dir) {
    if (const auto children = niamd::process::child_account()) dir.give_to(children->uid, children->gid);
}

inline void give_to_children(const std::filesystem::path& path) {
    if (const auto children = niamd::process::child_account()) {
        if (::chown(path.c_str(), children->uid, children->gid) != 0) throw std::runtime_error("chown failed");
    }
}

}  // namespace test_support
