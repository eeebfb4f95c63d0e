// Fuzzes the reader of Nagios-convention plugin output. The first four bytes are the
// exit code; the rest is stdout.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "metrics/plugin_output.hpp"

namespace {

// True when text is valid UTF-8 with no control characters (except '\n' when allowed).
bool is_clean(std::string_view text, bool allow_newline) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            if ((c < 0x20 && !(allow_newline && c == '\n')) || c == 0x7f) return false;
            ++i;
            continue;
        }
        const std::size_t length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
        if (length == 0 || c > 0xF4 || i + length > text.size()) return false;
        for (std::size_t k = 1; k < length; ++k) {
            if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
        }
        i += length;
    }
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    int exit_code = 0;
    if (size >= sizeof exit_code) {
        std::memcpy(&exit_code, data, sizeof exit_code);
        data += sizeof exit_code;
        size -= sizeof exit_code;
    }
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto result = niamd::metrics::parse_plugin_output(exit_code, text);

    if (result.code < 0 || result.code > 3) __builtin_trap();
    if (exit_code >= 0 && exit_code <= 3 && result.code != exit_code) __builtin_trap();
    if (result.output.empty() || result.output.size() > niamd::metrics::kMaxPluginOutputBytes) __builtin_trap();
    if (result.perfdata.size() > niamd::metrics::kMaxPluginPerfdataBytes) __builtin_trap();
    if (result.long_output.size() > niamd::metrics::kMaxPluginLongOutputBytes) __builtin_trap();
    if (!is_clean(result.output, false) || !is_clean(result.perfdata, false)) __builtin_trap();
    if (!is_clean(result.long_output, true)) __builtin_trap();
    return 0;
}
