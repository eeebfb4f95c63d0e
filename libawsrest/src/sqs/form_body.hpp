// An application/x-www-form-urlencoded body for the AWS Query protocol: name=value pairs
// in the order added, both percent-encoded per RFC 3986 (unreserved A-Z a-z 0-9 - _ . ~
// kept, every other byte as %XX, space as %20).
#pragma once

#include <string>
#include <string_view>

namespace awsrest::sqs {

class FormBody {
public:
    FormBody& add(std::string_view name, std::string_view value);
    FormBody& add(std::string_view name, long long value);
    const std::string& text() const noexcept { return text_; }

private:
    std::string text_;
};

// RFC 3986 percent-encoding of every byte that is not unreserved, upper-case hex.
void append_form_encoded(std::string& out, std::string_view text);

}  // namespace awsrest::sqs
