// Reads the header lines of an HTTP/1.x answer as libcurl hands them over, one line at a
// time: status lines, "Name: value" lines, folded continuations and the blank line
// that ends a block. Interim blocks (100 Continue, a proxy's CONNECT answer) are
// replaced by the next one, so what remains is the final answer's head.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "awsrest/request.hpp"

namespace awsrest::http {

// Upper bound on the bytes of all header lines of one answer, interim blocks included.
inline constexpr std::size_t kMaxResponseHeadBytes = 256 * 1024;

class ResponseHead {
  public:
    // One line, with or without its CR LF. False when the head grew past
    // kMaxResponseHeadBytes; the caller then aborts the transfer.
    bool add_line(std::string_view line);

    int status() const noexcept { return status_; }
    const std::string& reason() const noexcept { return reason_; }
    const Headers& headers() const noexcept { return headers_; }
    Headers take_headers() { return std::move(headers_); }

  private:
    void start_block(std::string_view status_line);

    int status_ = 0;
    std::string reason_;
    Headers headers_;
    std::size_t total_bytes_ = 0;
};

}  // namespace awsrest::http
