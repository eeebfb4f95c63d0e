// An AWS Query protocol request body: "Action=...&Name=value&...&Version=...", each
// name and value percent-encoded per RFC 3986 (space as %20, never '+').
#pragma once

#include <string>
#include <string_view>

namespace awsrest::sns {

inline constexpr std::string_view kQueryContentType = "application/x-www-form-urlencoded; charset=utf-8";

// RFC 3986: every byte but A-Z a-z 0-9 - . _ ~ as %XX (upper-case hex).
std::string form_encode(std::string_view text);

class QueryForm {
public:
    QueryForm(std::string_view action, std::string_view version);
    void add(std::string_view name, std::string_view value);
    // The body: Action first, then the fields in the order added, then Version.
    std::string body() const;

private:
    std::string fields_;
    std::string version_;
};

}  // namespace awsrest::sns
