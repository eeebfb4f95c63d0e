// Small text helpers shared by the endpoint and region code.
#pragma once

#include <string>
#include <string_view>

namespace awsrest::endpoints {

// Lower-case letters, digits and '-', 1 to 63 characters: safe inside a host name.
bool is_dns_label(std::string_view text) noexcept;
// At most 100 characters of a caller's text, for an error message.
std::string shown(std::string_view text);
// Without leading and trailing blanks (space, tab, CR).
std::string_view trim(std::string_view text) noexcept;

}  // namespace awsrest::endpoints
