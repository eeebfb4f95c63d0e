// Outside text (hostnames, instance ids, check targets, plugin output off the queue) as
// it may be shown to a person: in niam.log, alert.log and the dashboard. Some characters
// change how the text around them displays or where lines break without showing
// themselves: C1 controls (U+0080-U+009F: NEL, CSI, ...), LINE and PARAGRAPH SEPARATOR
// (U+2028, U+2029) and the bidirectional controls (U+061C, U+200E, U+200F,
// U+202A-U+202E, U+2066-U+2069): "abc<U+202E>fed" then reads as "abcdef".
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace niamd::text {

// True for the characters listed above.
bool is_hidden_control(char32_t code) noexcept;

// One line for a log: C0 controls, DEL and bytes that are not UTF-8 become '?'; the
// characters listed above become "<U+202E>"; everything else is kept as it is.
std::string log_safe(std::string_view text);

// Input echoed in a message: the first `limit` bytes, each byte that is not printable ASCII
// (0x20-0x7e) as '?'.
std::string printable_ascii(std::string_view text, std::size_t limit);

}  // namespace niamd::text
