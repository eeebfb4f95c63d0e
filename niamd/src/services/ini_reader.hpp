// read_ini: the INI text of one /etc/monitoring-info/*.conf file as sections of `key = value`
// entries (docs/monitoring-info.md). `#` or `;` at the start of a line (after blanks) makes it
// a comment; there are no inline comments (a value may hold `#`). Keys are lower-cased;
// values are trimmed, taken as written. A bad line is an error naming its line (and key when
// it has one) and marks its section bad; the other sections are unaffected. Never throws.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace niamd::services {

inline constexpr std::size_t kMaxIniFileBytes = 1024 * 1024;  // a longer file is refused whole
inline constexpr std::size_t kMaxIniSections = 1000;          // sections past it are not read
inline constexpr std::size_t kMaxIniLineBytes = 4096;         // a longer line is an error
inline constexpr std::size_t kMaxIniEntries = 200;            // entries of one section

struct IniEntry {
    std::string key;  // lower case, [a-z0-9_]
    std::string value;
    int line = 0;
};

struct IniSection {
    std::string name;  // as written between the brackets, trimmed
    int line = 0;      // of its header
    std::vector<IniEntry> entries;
    bool bad = false;  // a line of it could not be read (an error says which)
};

struct IniError {
    int line = 0;         // 0: the whole file
    std::string key;      // empty when the line has none
    std::string message;  // printable ASCII; never quotes a value
};

struct IniDocument {
    std::vector<IniSection> sections;
    std::vector<IniError> errors;
};

IniDocument read_ini(std::string_view text);

}  // namespace niamd::services
