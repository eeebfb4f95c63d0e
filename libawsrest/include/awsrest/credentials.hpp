// AWS credentials and the chain that finds them, in the order the AWS SDKs use.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "awsrest/clock.hpp"
#include "awsrest/result.hpp"

namespace awsrest {

class HttpClient;

struct Credentials {
    std::string access_key_id;
    std::string secret_access_key;  // never logged, printed or put in an error
    std::string session_token;      // empty when none; never logged either
    std::optional<TimePoint> expiration;
    std::string source;  // where they came from: "explicit", "environment", "profile default", ...
};

// Prints the access key id and the source only; secret and token show as "<redacted>".
std::ostream& operator<<(std::ostream& out, const Credentials& credentials);

// Replaces every occurrence of the secret key and session token in `text` with
// "<redacted>". Used on every debug dump before it is printed.
std::string redact(std::string text, const Credentials& credentials);

class CredentialsProvider {
public:
    virtual ~CredentialsProvider() = default;
    virtual Result<Credentials> credentials() = 0;
};

// Reads the process environment. Tests pass their own lookup so they never touch the
// real environment or the real $HOME.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;
EnvLookup process_environment();

struct CredentialsChainOptions {
    std::optional<Credentials> explicit_credentials;  // --access-key/--secret-key
    std::string profile;     // --profile; else AWS_PROFILE; else "default"
    std::string niam_user;   // -i USER: look the user up in $HOME/.awsAuth
    EnvLookup env = process_environment();
    HttpClient* imds_http = nullptr;  // transport for IMDS; nullptr: a curl client of its own
    Clock* clock = nullptr;           // nullptr: system_clock()
    // Refresh instance-profile credentials this long before their Expiration.
    std::chrono::seconds refresh_before_expiry{300};
};

// explicit -> environment -> shared files (~/.aws/credentials, ~/.aws/config) ->
// $HOME/.awsAuth (when niam_user is set) -> EC2 instance profile over IMDSv2.
// The first source that has credentials wins; instance-profile credentials are cached
// and refreshed before they expire. The error, when none has any, lists what was tried.
std::unique_ptr<CredentialsProvider> make_default_credentials_chain(CredentialsChainOptions options);

// The single sources, for callers that want one of them only.
Result<Credentials> credentials_from_environment(const EnvLookup& env);
Result<Credentials> credentials_from_shared_files(const EnvLookup& env, const std::string& profile);
// Lines "aws-user:aws-id:aws-key". Refused unless the file is mode 0600 (no group or
// other bits) and owned by the calling user.
Result<Credentials> credentials_from_niam_auth_file(const std::string& path, const std::string& user);

}  // namespace awsrest
