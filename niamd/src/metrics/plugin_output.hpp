// parse_plugin_output: reads what a Nagios-convention plugin printed and how it exited.
// See docs/config.md ("Plugins") for the convention.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace niamd::metrics {

inline constexpr int kPluginOk = 0;
inline constexpr int kPluginWarning = 1;
inline constexpr int kPluginCritical = 2;
inline constexpr int kPluginUnknown = 3;

inline constexpr std::size_t kMaxPluginStdoutBytes = 64 * 1024;  // the rest of stdout is ignored
inline constexpr std::size_t kMaxPluginOutputBytes = 4 * 1024;
inline constexpr std::size_t kMaxPluginPerfdataBytes = 16 * 1024;
inline constexpr std::size_t kMaxPluginLongOutputBytes = 16 * 1024;

struct PluginResult {
    int code = kPluginUnknown;  // 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN
    std::string output;         // first line before '|'; never empty ("(no output)")
    std::string perfdata;       // text after '|' on the first line, then the perfdata of later lines, ' '-joined
    std::string long_output;    // later lines before their '|', joined with '\n'
};

// exit_code: the plugin's exit status, or minus the signal number when a signal ended it.
// Codes outside 0-3 become UNKNOWN with a note at the start of output. All text is
// trimmed, valid UTF-8 without control characters (long_output keeps '\n'), and bounded.
PluginResult parse_plugin_output(int exit_code, std::string_view stdout_text);

// "OK", "WARNING", "CRITICAL", "UNKNOWN" (anything else is "UNKNOWN").
std::string_view plugin_status_name(int code) noexcept;

}  // namespace niamd::metrics
