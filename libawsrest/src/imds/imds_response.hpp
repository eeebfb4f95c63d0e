// IMDS answers read into results: pure functions of the body, no HTTP, so the unit tests
// and the fuzz target call them directly.
#pragma once

#include <cstddef>
#include <string_view>

#include "awsrest/imds.hpp"
#include "awsrest/result.hpp"

namespace awsrest::imds {

// The identity document is about 0.5 KiB; a string field longer than this is not one.
inline constexpr std::size_t kMaxIdentityFieldBytes = 1024;
inline constexpr std::size_t kMaxIdentityDocumentBytes = 64 * 1024;

// /latest/dynamic/instance-identity/document (JSON). Fields AWS may add are ignored; a
// known field that is not a string (or null), a missing instanceId or a pendingTime that
// is not an ISO 8601 UTC time, nesting deeper than 32 levels or more than
// kMaxIdentityDocumentBytes is a Parse error naming IMDS.
Result<InstanceIdentity> parse_identity_document(std::string_view body);

// Whether text has the shape of an EC2 instance id: "i-" then letters and digits (EC2 uses
// 8 or 17 hex digits; test doubles use others), at most 64 characters in all.
bool looks_like_instance_id(std::string_view text) noexcept;

}  // namespace awsrest::imds
