// Hermetic fixtures for the credentials tests: a private temporary HOME, an environment
// that is a map, and the documented AWS example key pair.
#pragma once

#include <awsrest/credentials.hpp>
#include <awsrest/request.hpp>

#include "support/temp_dir.hpp"

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

// A private temporary directory; write() returns the file's path as a string.
class TempDir : public test_support::TempDir {
  public:
    TempDir() : test_support::TempDir("awsrest-credentials") {}
    std::string write(const std::string& relative, std::string_view content, mode_t mode = 0600) const {
        return test_support::TempDir::write(relative, content, mode).string();
    }
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
