// The instance-profile credentials document IMDS serves at
// /latest/meta-data/iam/security-credentials/<role>:
//   {"Code": "Success", "LastUpdated": "...", "Type": "AWS-HMAC", "AccessKeyId": "...",
//    "SecretAccessKey": "...", "Token": "...", "Expiration": "2015-08-30T18:36:00Z"}
#pragma once

#include <string_view>

#include "awsrest/credentials.hpp"
#include "awsrest/result.hpp"

namespace awsrest {

// `origin` names the document in errors ("IMDS role 'web' (http://...)"). A body that is
// not such a document is a Parse error; a Code other than "Success" a Credentials error.
// Neither ever quotes a secret or the token.
Result<Credentials> parse_imds_credentials(std::string_view body, std::string_view origin);

// IAM role names: 1 to 64 of letters, digits and "+=,.@_-".
bool is_valid_role_name(std::string_view name);

}  // namespace awsrest
