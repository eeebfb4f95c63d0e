// The original niam auth file, $HOME/.awsAuth: one "aws-user:aws-id:aws-key" per line.
// Blank lines and lines starting with '#' are skipped; spaces around fields are trimmed.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "awsrest/result.hpp"

namespace awsrest {

struct NiamAuthEntry {
    std::string user;
    std::string access_key_id;
    std::string secret_access_key;
};

// Checks every line and returns the first entry for `user`, nullopt when there is none.
// Errors are kind Parse, say "<source> line N: ..." and never quote the line.
Result<std::optional<NiamAuthEntry>> find_niam_auth_entry(std::string_view text, std::string_view user,
                                                          std::string_view source);

}  // namespace awsrest
