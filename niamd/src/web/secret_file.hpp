// A small local file holding a secret of the web interface (the access token file, the
// basic-auth file), read whole with a bound, and told whether anyone but its owner, the
// master's user, could read it.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include <awsrest/result.hpp>

namespace niamd::web {

struct SecretFile {
    std::string text;
    // Empty when the file is the master's user's and no group or other permission bit is
    // set; else why not, with the fix: "mode 0644 lets group or others in; chmod 600 F".
    std::string refusal;
};

// `what` names the file in errors ("web token file"). Fails when it cannot be opened,
// is not a regular file or is larger than max_bytes. Errors never hold the content.
awsrest::Result<SecretFile> read_secret_file(const std::filesystem::path& path, std::size_t max_bytes,
                                             std::string_view what);

// The access token: the first line of the file, which must be private to the master's
// user (see SecretFile::refusal) and not empty.
awsrest::Result<std::string> read_access_token_file(const std::filesystem::path& path);

}  // namespace niamd::web
