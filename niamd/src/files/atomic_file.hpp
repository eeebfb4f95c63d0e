// Writing a file so that readers see the old or the new content, never a mix: a
// temporary file beside it, fsync, rename, fsync of the directory.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include <awsrest/result.hpp>

namespace niamd::files {

awsrest::Result<void> write_file_atomically(const std::filesystem::path& path, std::string_view content, unsigned mode);
// The whole file, or nullopt when it cannot be read. Files over max_bytes are not read.
std::optional<std::string> read_small_file(const std::filesystem::path& path, std::size_t max_bytes);

}  // namespace niamd::files
