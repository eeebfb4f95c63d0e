// What the sign and send commands share: reading the raw request, finding credentials,
// turning options into signing parameters.
#pragma once

#include <awsrest/credentials.hpp>
#include <awsrest/request.hpp>
#include <awsrest/result.hpp>
#include <awsrest/signer.hpp>

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "arguments.hpp"

namespace cli {

// Exit codes of every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;  // the request or the AWS call failed
inline constexpr int kExitUsage = 2;   // the command line is wrong

// Options for credentials: --access-key, --secret-key, --session-token, --profile.
std::vector<OptionSpec> credential_options();
// Options shaping the signature: --sign-body, --no-normalize, --omit-session-token, --s3.
std::vector<OptionSpec> signing_rule_options();

// Reads the one operand FILE, or stdin when there is none ("-" also means stdin).
awsrest::Result<awsrest::Request> read_request(const Arguments& args);

// The whole content of a file, or of stdin for "-"; more than max_bytes is an
// InvalidArgument error naming the source.
awsrest::Result<std::string> read_input(const std::string& source, std::size_t max_bytes);

// Explicit keys when given (both --access-key and --secret-key), else the default chain.
std::unique_ptr<awsrest::CredentialsProvider> credentials_provider(const Arguments& args);

// Applies --s3, --sign-body, --no-normalize and --omit-session-token to params.
void apply_signing_rules(const Arguments& args, awsrest::SigningParams& params);

int usage_error(const std::string& command, const std::string& message);
int failure(const std::string& command, const awsrest::Error& error);

}  // namespace cli
