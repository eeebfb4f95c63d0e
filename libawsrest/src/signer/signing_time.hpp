// The signing time as SigV4 writes it, formatted without allocating. Private.
#pragma once

#include <string_view>

#include "awsrest/clock.hpp"

namespace awsrest::signer_detail {

class AmzTime {
public:
    explicit AmzTime(TimePoint time) noexcept;
    std::string_view date() const noexcept { return {text_, 16}; }  // "20150830T123600Z"
    std::string_view day() const noexcept { return {text_, 8}; }    // "20150830"

private:
    char text_[16];
};

}  // namespace awsrest::signer_detail
