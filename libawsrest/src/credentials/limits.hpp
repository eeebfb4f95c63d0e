// Upper bounds on everything the credentials chain reads from outside the process.
#pragma once

#include <chrono>
#include <cstddef>

namespace awsrest::credentials_limits {

// ~/.aws/credentials and ~/.aws/config: real ones are a few KiB.
inline constexpr std::size_t kMaxSharedFileBytes = 1024 * 1024;
// $HOME/.awsAuth: one short line per user.
inline constexpr std::size_t kMaxNiamAuthFileBytes = 64 * 1024;
// Any one IMDS answer (token, role list, credentials document: ~1.5 KiB).
inline constexpr std::size_t kMaxImdsResponseBytes = 64 * 1024;

// The curl client made for IMDS when none is given: a host that is not on EC2 fails fast.
inline constexpr std::chrono::milliseconds kImdsConnectTimeout{1000};
inline constexpr std::chrono::milliseconds kImdsTotalTimeout{2000};

}  // namespace awsrest::credentials_limits
