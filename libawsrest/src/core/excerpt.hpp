// Outside text quoted in an error message: bounded, and never a control byte. Private.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace awsrest::excerpt {

// At most max_bytes of text as it is; control bytes and DEL become '?'; "..." marks a cut.
std::string shown(std::string_view text, std::size_t max_bytes);

// One printable line of at most max_bytes: whitespace runs become one space, other
// control and non-ASCII bytes become '?', ends trimmed; "..." marks a cut.
std::string printable_line(std::string_view text, std::size_t max_bytes);

}  // namespace awsrest::excerpt
