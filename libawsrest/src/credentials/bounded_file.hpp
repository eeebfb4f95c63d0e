// Reads a small local file whole, refusing anything larger than a bound, anything that
// is not a regular file and, when asked, a file that others could read.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "awsrest/result.hpp"

namespace awsrest {

enum class FileAccess {
    Any,
    // Owned by the calling (effective) user, no group or other permission bits:
    // what a file holding a secret key must be.
    PrivateToOwner,
};

// nullopt when the file does not exist. Errors name the path and never hold content.
Result<std::optional<std::string>> read_bounded_file(const std::string& path, std::size_t max_bytes,
                                                     FileAccess access = FileAccess::Any);

}  // namespace awsrest
