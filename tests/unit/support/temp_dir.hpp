// A fresh directory under the system temp dir, removed with everything in it, and a
// way to put files into it. Shared by the unit tests' fixtures.
#pragma once

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>

namespace test_support {

class TempDir {
  public:
    // prefix: the directory's name before its random part, e.g. "niam-checks".
    explicit TempDir(const std::string& prefix) {
        std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
        if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }
    std::string str() const { return path_.string(); }

    // Writes `relative` (creating its folders) with `content` and `mode`; returns its path.
    std::filesystem::path write(const std::string& relative, std::string_view content, mode_t mode = 0600) const {
        const std::filesystem::path file = path_ / relative;
        std::filesystem::create_directories(file.parent_path());
        std::ofstream(file, std::ios::binary | std::ios::trunc)
            .write(content.data(), static_cast<std::streamsize>(content.size()));
        if (::chmod(file.c_str(), mode) != 0) throw std::runtime_error("chmod failed");
        if (owner_uid_ != kNoOwner && ::chown(file.c_str(), owner_uid_, owner_gid_) != 0) {
            throw std::runtime_error("chown failed");
        }
        return file;
    }

    // Run as root, niamd runs its programs as another account (nobody): the directory and
    // every file written into it from now on are that account's, as a plugin's own files
    // would be, so the programs it holds can run and write there.
    void give_to(uid_t uid, gid_t gid) {
        if (::chown(path_.c_str(), uid, gid) != 0) throw std::runtime_error("chown failed");
        owner_uid_ = uid;
        owner_gid_ = gid;
    }

  private:
    static constexpr uid_t kNoOwner = static_cast<uid_t>(-1);
    std::filesystem::path path_;
    uid_t owner_uid_ = kNoOwner;
    gid_t owner_gid_ = static_cast<gid_t>(-1);
};

}  // namespace test_support
