// The longest value each column holds, the same on SQLite and MariaDB, and the check a
// batch passes before any of it is written.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <awsrest/result.hpp>

#include "protocol/limits.hpp"
#include "store/history_store.hpp"

namespace niamd::store {

// Hostname, instance, target, port/argument, message id: one record field.
inline constexpr std::size_t kMaxKeyBytes = protocol::kMaxFieldBytes;
// Host and alert detail, alert subject, last delivery error.
inline constexpr std::size_t kMaxTextBytes = 65535;
// Check output and alert message.
inline constexpr std::size_t kMaxLongTextBytes = 16 * 1024 * 1024 - 1;

// InvalidArgument naming the first value that is too long (row and field), else ok.
awsrest::Result<void> check_bounds(const Batch& batch);

// The longest prefix of text no longer than max_bytes that does not cut a UTF-8 character.
std::string_view clip_utf8(std::string_view text, std::size_t max_bytes) noexcept;

}  // namespace niamd::store
