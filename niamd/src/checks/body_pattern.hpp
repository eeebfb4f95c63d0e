// BodyPattern: the `body_regex` of an endpoint test, a POSIX extended regular expression
// (regcomp/regexec, the Monitoring Plugins' check_http -r), searched in an answer's body
// line by line as grep -E does: `^` and `$` match at line ends, `.` not a newline.
// glibc's matcher needs no recursion on the body, so a large body cannot exhaust the stack
// the way a backtracking matcher can; the body may hold NUL bytes (REG_STARTEND).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace niamd::checks {

inline constexpr std::size_t kMaxBodyPatternBytes = 1024;

class BodyPattern {
  public:
    // nullopt with `error` set ("unmatched ( or \\(", "longer than 1024 bytes") when the
    // text is no valid pattern.
    static std::optional<BodyPattern> compile(std::string_view text, std::string* error = nullptr);

    // True when the pattern matches anywhere in `body`.
    bool found_in(std::string_view body) const;
    const std::string& text() const noexcept { return text_; }

  private:
    struct Compiled;
    struct Free {
        void operator()(Compiled* compiled) const noexcept;
    };
    BodyPattern(std::string text, std::shared_ptr<Compiled> compiled)
        : text_(std::move(text)), compiled_(std::move(compiled)) {}

    std::string text_;
    std::shared_ptr<Compiled> compiled_;  // regexec does not change it: shared by copies
};

}  // namespace niamd::checks
