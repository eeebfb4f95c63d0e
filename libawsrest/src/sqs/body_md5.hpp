// MD5 of message bodies, the digest SQS returns as MD5OfMessageBody / MD5OfBody.
// Integrity only (transport corruption), never security.
#pragma once

#include <string>
#include <string_view>

namespace awsrest::sqs {

// Lowercase hex (32 characters).
std::string md5_hex(std::string_view data);

// Whether two hex digests are the same, ignoring the case of the hex letters.
bool same_md5(std::string_view a, std::string_view b) noexcept;

}  // namespace awsrest::sqs
