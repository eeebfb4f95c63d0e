// Credentials from the niam auth file, refused unless it is private to its owner.
#include "credentials/bounded_file.hpp"
#include "credentials/limits.hpp"
#include "credentials/niam_auth_file.hpp"
#include "credentials/sources.hpp"

namespace awsrest {

SourceOutcome niam_auth_file_source(const std::string& path, const std::string& user) {
    auto content = read_bounded_file(path, credentials_limits::kMaxNiamAuthFileBytes, FileAccess::PrivateToOwner);
    if (!content) return SourceOutcome::failed(std::move(content).error());
    if (!content->has_value()) return SourceOutcome::absent(path + ": not found");
    auto entry = find_niam_auth_entry(**content, user, path);
    if (!entry) return SourceOutcome::failed(std::move(entry).error());
    if (!entry->has_value()) return SourceOutcome::absent(path + ": no line for user '" + user + "'");
    Credentials credentials;
    credentials.access_key_id = std::move((*entry)->access_key_id);
    credentials.secret_access_key = std::move((*entry)->secret_access_key);
    credentials.source = "niam auth file " + path + " (user '" + user + "')";
    return SourceOutcome::found(std::move(credentials));
}

Result<Credentials> credentials_from_niam_auth_file(const std::string& path, const std::string& user) {
    if (user.empty()) return make_error(ErrorKind::InvalidArgument, path + ": no user name given");
    return niam_auth_file_source(path, user).to_result("niam auth file");
}

}  // namespace awsrest
