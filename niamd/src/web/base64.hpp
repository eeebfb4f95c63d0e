// Base64 (RFC 4648, standard alphabet, padding required) for HTTP Basic credentials.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace niamd::web {

inline constexpr std::size_t kMaxBase64Chars = 4096;  // longer input is refused

// The decoded bytes, or nullopt for anything that is not canonical padded base64.
std::optional<std::string> decode_base64(std::string_view text);
std::string encode_base64(std::string_view bytes);

}  // namespace niamd::web
