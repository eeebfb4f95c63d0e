// The daemon's log: one line per event, "<ISO-8601 UTC> <LEVEL> <text>", to stdout (-f)
// or LOG_DIR/niam.log. Thread-safe. Never pass secrets in: nothing here redacts.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace niamd::log {

enum class Level { Error = 0, Warning = 1, Info = 2, Debug = 3 };

// Lines above `level` are dropped. Default: Info.
void set_level(Level level) noexcept;
bool enabled(Level level) noexcept;

// Where lines go. Default: stderr. to_file appends (creating it 0640); false on failure,
// leaving the sink unchanged. reopen() re-opens the current file (after log rotation).
void to_stream(std::FILE* stream) noexcept;
bool to_file(const std::string& path);
void reopen();

// One event, one line: control characters in text (CR, LF, ESC, ...) and bytes that are
// not UTF-8 are written as '?', C1 controls (NEL, CSI), U+2028/U+2029 and bidirectional
// controls as "<U+202E>" (text/display_text.hpp).
void write(Level level, std::string_view text);

inline void error(std::string_view text) { write(Level::Error, text); }
inline void warning(std::string_view text) { write(Level::Warning, text); }
inline void info(std::string_view text) { write(Level::Info, text); }
inline void debug(std::string_view text) {
    if (enabled(Level::Debug)) write(Level::Debug, text);
}

}  // namespace niamd::log
