// Terminal colour and cursor codes in container output, dropped as `--no-color` readers do:
// CSI (ESC '[' parameters and one final byte: "\x1b[31m", "\x1b[2K"), OSC (ESC ']' up to BEL
// or ESC and a backslash: a window title) and two-byte ESC sequences. The text between stays.
#pragma once

#include <string>
#include <string_view>

namespace niamd::docker {

std::string without_colour_codes(std::string_view text);

}  // namespace niamd::docker
