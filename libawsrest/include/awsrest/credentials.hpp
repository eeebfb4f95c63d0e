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
    std::string profile;                              // --profile; else AWS_PROFILE; else "default"
    std::string niam_user;                            // -i USER: $HOME/.awsAuth's line for USER, and no other source
    EnvLookup env = process_environment();
    HttpClient* imds_http = nullptr;  // transport for IMDS; nullptr: a curl client of its own
    Clock* clock = nullptr;           // nullptr: system_clock()
    // Refresh instance-profile credentials this long before their Expiration.
    std::chrono::seconds refresh_before_expiry{300};
};

// explicit -> environment -> shared files (~/.aws/credentials, ~/.aws/config) -> EC2
// instance profile over IMDSv2. HOME and every other variable come from options.env.
// With options.niam_user set, $HOME/.awsAuth is the only source: the user's line there,
// or a Credentials error ("niam auth file: /home/u/.awsAuth: no line for user 'alice'",
// "...: not found", a parse or file-mode error), never another identity.
// The first source that has credentials wins. A source that has none (not set, no such
// file, no such profile or user, not on EC2) lets the chain move on; a source that is
// there but broken (a file that does not parse, a refused file mode, a key id without a
// secret, a malformed IMDS answer) stops it with its own error, which also lists what
// was tried before. When no source has any, the Credentials error lists each one, e.g.
// "no credentials: explicit (not given), environment (AWS_ACCESS_KEY_ID not set), ...".
// What is found is kept: static credentials for the provider's life, instance-profile
// credentials until refresh_before_expiry before their Expiration (and, if refreshing
// fails, until they expire). A failed lookup is not kept: the next call looks again.
// Safe to call from several threads.
std::unique_ptr<CredentialsProvider> make_default_credentials_chain(CredentialsChainOptions options);

// The single sources, for callers that want one of them only. "Nothing there" is a
// Credentials error saying why.
//
// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN; also the older names some
// SDKs accept: AWS_ACCESS_KEY and AWS_SECRET_KEY (Java v1, Go), AWS_SECURITY_TOKEN
// (botocore). Empty values count as unset; a key id without a secret is an error.
Result<Credentials> credentials_from_environment(const EnvLookup& env);
// aws_access_key_id, aws_secret_access_key, aws_session_token of a profile (empty:
// AWS_PROFILE, else "default") in AWS_SHARED_CREDENTIALS_FILE (default
// $HOME/.aws/credentials, sections "[name]") and AWS_CONFIG_FILE (default
// $HOME/.aws/config, sections "[profile name]" and "[default]"); the credentials file
// wins for a setting both have. Parse errors name the file and line.
Result<Credentials> credentials_from_shared_files(const EnvLookup& env, const std::string& profile);
// Lines "aws-user:aws-id:aws-key". Refused unless the file is mode 0600 (no group or
// other bits) and owned by the calling user.
Result<Credentials> credentials_from_niam_auth_file(const std::string& path, const std::string& user);

}  // namespace awsrest
