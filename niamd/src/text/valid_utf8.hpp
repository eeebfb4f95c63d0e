// Text from the queue may hold any bytes; JSON, HTML, the Prometheus format and the
// full-text index want UTF-8. Every value the web interface shows goes through here first.
#pragma once

#include <string>
#include <string_view>

namespace niamd::text {

// `text` with each byte that does not start a valid UTF-8 sequence (overlong forms and
// surrogates included) replaced by U+FFFD. Valid text comes back unchanged.
std::string to_valid_utf8(std::string_view text);

}  // namespace niamd::text
