// Writing log files the way programs and logrotate do, for the follow tests: appending (O_APPEND,
// as a logger), rename + create, copytruncate and truncation in place.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "follow/followed_file.hpp"

namespace follow_test {

inline void append(const std::filesystem::path& path, std::string_view text) {
    std::ofstream(path, std::ios::binary | std::ios::app).write(text.data(), static_cast<std::streamsize>(text.size()));
}

// rename path → path.1 (the old one gone first), then create path empty, as logrotate's `create`.
inline void rotate_by_rename(const std::filesystem::path& path) {
    std::filesystem::path old = path;
    old += ".1";
    std::filesystem::rename(path, old);
    std::ofstream(path, std::ios::binary | std::ios::trunc).flush();
}

// logrotate's copytruncate: a copy to path.1, then the file cut to 0 bytes in place.
inline void copy_then_truncate(const std::filesystem::path& path) {
    std::filesystem::path old = path;
    old += ".1";
    std::filesystem::copy_file(path, old, std::filesystem::copy_options::overwrite_existing);
    std::filesystem::resize_file(path, 0);
}

inline std::vector<std::string> texts(const std::vector<niamd::protocol::LogLine>& lines) {
    std::vector<std::string> out;
    for (const auto& line : lines) out.push_back(line.line);
    return out;
}

// Polls once with a generous budget, commits, and returns the lines.
inline niamd::follow::FollowedFile::Batch poll_kept(niamd::follow::FollowedFile& file, std::int64_t now,
                                                    std::size_t max = 100000) {
    auto batch = file.poll(max, now);
    file.commit();
    return batch;
}

}  // namespace follow_test
