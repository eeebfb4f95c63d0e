// What a protocol check saw, made safe for an output: printable ASCII kept, \r \n \t and
// every other byte escaped (\xNN), cut at a bound so one answer never fills an output.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace niamd::checks {

inline constexpr std::size_t kAnswerTextBytes = 80;

// The first `max_bytes` bytes of `bytes`, escaped; "..." marks a cut.
std::string escaped_answer(std::string_view bytes, std::size_t max_bytes = kAnswerTextBytes);

}  // namespace niamd::checks
