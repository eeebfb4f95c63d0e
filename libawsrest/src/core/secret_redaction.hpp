// Signing secrets in text that came from outside: what AWS echoes back in an error (the
// canonical request of a SignatureDoesNotMatch holds the session token in clear). Private.
#pragma once

#include <string>
#include <string_view>

namespace awsrest {

// `text` with "<redacted>" in place of
// - the value of an x-amz-security-token header line ("name:value", "name: value") or
//   query parameter ("X-Amz-Security-Token=value"), and of "Signature=" / "X-Amz-Signature=";
//   names in any case, the value running to whitespace or one of & , ; ' " < > ( );
// - any run of 40 or more base64 characters (A-Z a-z 0-9 + /, then '=' padding) with
//   letters and digits (or '+', '/'): secret keys, session tokens, signatures, hashes;
// - AWS access key ids: a word of AKIA or ASIA and 16 capitals or digits.
// Linear in the size of the text; everything else is kept as it is.
std::string redact_signing_secrets(std::string_view text);

}  // namespace awsrest
