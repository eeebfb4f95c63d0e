// LinePattern: a LOG_ALERT regex compiled once (POSIX extended, glibc's regcomp; no
// back-references, which the config refuses) and matched against the first kMaxMatchedBytes
// of a line in place (REG_STARTEND: no copy, NUL bytes in the line are no end). A regex
// without special characters is a literal and is searched as one.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <variant>

#include <regex.h>

namespace niamd::master {

inline constexpr std::size_t kMaxMatchedBytes = 4096;  // of each line; the rest is not looked at

class LinePattern {
  public:
    // The pattern, or why the regex does not compile (regerror's words).
    static std::variant<LinePattern, std::string> compile(const std::string& regex, bool ignore_case);

    bool matches(std::string_view line) const;

    bool literal() const noexcept { return compiled_ == nullptr; }

  private:
    LinePattern() = default;

    std::string literal_;                // when compiled_ is null
    std::shared_ptr<regex_t> compiled_;  // shared: regexec does not change it
};

}  // namespace niamd::master
