// Query parameters of the JSON API, read strictly: anything unexpected is an error whose
// message names the parameter (the API answers it with 400).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <awsrest/result.hpp>

namespace niamd::web {

inline constexpr std::int64_t kMaxLookbackSeconds = 400LL * 86400;  // the oldest `since` honoured

// `since`: Unix seconds ("1700000000") or a duration before `now` ("90s", "30m", "1h",
// "7d", "2w"). Empty or absent: `now - fallback_seconds`. Results are clamped to
// [now - kMaxLookbackSeconds, now].
awsrest::Result<std::int64_t> parse_since(const std::optional<std::string>& text, std::int64_t now,
                                          std::int64_t fallback_seconds);

// `limit`: a whole number in [1, max]. Absent: `fallback`.
awsrest::Result<std::size_t> parse_limit(const std::optional<std::string>& text, std::size_t fallback, std::size_t max);

}  // namespace niamd::web
