// Hermetic fixtures for the credentials tests: a private temporary HOME, an environment
// that is a map, and the documented AWS example key pair.
#pragma once

#include <awsrest/credentials.hpp>
#include <awsrest/request.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

#include <sys/stat.h>

namespace credentials_test {

// The example key pair from the AWS documentation, and a made-up session token.
inline const std::string kAccessKeyId = "AKIAIOSFODNN7EXAMPLE";
inline const std::string kSecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
inline const std::string kSessionToken = "AQoDYXdzEJr1K2ExampleSessionTokenNeverToBePrinted";

// A fresh directory under the system temp dir, removed with everything in it.
class TempDir {
public:
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "awsrest-credentials-XXXXXX").string();
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
    std::string write(const std::string& relative, std::string_view content, mode_t mode = 0600) const {
        const std::filesystem::path file = path_ / relative;
        std::filesystem::create_directories(file.parent_path());
        std::ofstream(file, std::ios::binary | std::ios::trunc).write(content.data(),
                                                                      static_cast<std::streamsize>(content.size()));
        if (::chmod(file.c_str(), mode) != 0) throw std::runtime_error("chmod failed");
        return file.string();
    }

private:
    std::filesystem::path path_;
};

inline awsrest::EnvLookup env_from(std::map<std::string, std::string> variables) {
    return [variables = std::move(variables)](const std::string& name) -> std::optional<std::string> {
        auto it = variables.find(name);
        if (it == variables.end()) return std::nullopt;
        return it->second;
    };
}

// Case-insensitive header lookup written for the tests, independent of the library's.
inline std::optional<std::string> header_of(const awsrest::Request& request, std::string_view name) {
    for (const auto& header : request.headers) {
        if (header.name.size() != name.size()) continue;
        bool same = true;
        for (std::size_t i = 0; i < name.size(); ++i) {
            if (std::tolower(static_cast<unsigned char>(header.name[i])) !=
                std::tolower(static_cast<unsigned char>(name[i]))) {
                same = false;
            }
        }
        if (same) return header.value;
    }
    return std::nullopt;
}

}  // namespace credentials_test
