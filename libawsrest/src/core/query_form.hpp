// An application/x-www-form-urlencoded body for the AWS Query protocol (SQS, SNS, STS,
// EC2), or an S3 query string: name=value pairs in the order added, both percent-encoded per RFC 3986 with the
// signer's encoder (unreserved A-Z a-z 0-9 - _ . ~ kept, every other byte as %XX in
// upper-case hex, so a space is %20 and never '+'). Private.
#pragma once

#include <string>
#include <string_view>

namespace awsrest {

inline constexpr std::string_view kQueryContentType = "application/x-www-form-urlencoded; charset=utf-8";

class QueryForm {
  public:
    QueryForm& add(std::string_view name, std::string_view value);
    QueryForm& add(std::string_view name, long long value);
    const std::string& text() const& noexcept { return text_; }
    std::string text() && noexcept { return std::move(text_); }

  private:
    std::string text_;
};

}  // namespace awsrest
