// LineSplitter: bytes of a file → lines. A line ends at '\n' (a '\r' before it is taken off).
// A line longer than max_line keeps its first max_line bytes and counts the rest as cut
// (`cut` of the line, the LOG record's CUT) without holding them: memory stays at max_line
// however long the line grows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace niamd::follow {

class LineSplitter {
  public:
    explicit LineSplitter(std::size_t max_line) : max_line_(max_line) {}

    // Reads data up to and including the first '\n'. Returns the bytes consumed; `complete`
    // tells whether a line ended there (then take() it before feeding more).
    std::size_t feed(std::string_view data, bool& complete);
    // The line that ended (or, when a file is let go, the unfinished one): its kept bytes and
    // the bytes cut off its end. The splitter then starts a new line.
    std::string take(std::uint64_t& cut);

    // Bytes of the unfinished line seen so far (kept + cut).
    std::uint64_t pending() const noexcept { return kept_.size() + cut_; }
    // Memory the unfinished line takes (its buffer's capacity).
    std::size_t held_bytes() const noexcept { return kept_.capacity(); }
    void reset() noexcept;
    std::size_t max_line() const noexcept { return max_line_; }
    void set_max_line(std::size_t max_line) noexcept { max_line_ = max_line; }

  private:
    std::size_t max_line_;
    std::string kept_;
    std::uint64_t cut_ = 0;
};

}  // namespace niamd::follow
