// The single sources of the credentials chain, each telling found / absent / failed.
#pragma once

#include <string>

#include "awsrest/credentials.hpp"
#include "credentials/source_outcome.hpp"

namespace awsrest {

// AWS_ACCESS_KEY_ID (or AWS_ACCESS_KEY, as the Java v1 and Go SDKs also accept),
// AWS_SECRET_ACCESS_KEY (or AWS_SECRET_KEY), AWS_SESSION_TOKEN (or botocore's
// AWS_SECURITY_TOKEN). Empty values count as unset. A key id without a secret fails, as
// in botocore; a secret without a key id is absent.
SourceOutcome environment_source(const EnvLookup& env);

// The profile from the shared files; `profile` empty: AWS_PROFILE, else "default".
SourceOutcome shared_files_source(const EnvLookup& env, const std::string& profile);

// The user's line in the niam auth file at `path`.
SourceOutcome niam_auth_file_source(const std::string& path, const std::string& user);

// "$HOME/<name>" from the lookup's HOME; empty when HOME is unset or empty.
std::string home_path(const EnvLookup& env, const std::string& name);

}  // namespace awsrest
