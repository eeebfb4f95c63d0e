// Fuzzes the host config parser (conf/<hostname> text fetched from S3).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "config/config_parser.hpp"

namespace {

bool is_plain_file_name(std::string_view name) {
    if (name.empty() || name == "." || name == "..") return false;
    for (const char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                        c == '.' || c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

bool is_duration(int seconds) { return seconds >= 1 && seconds <= niamd::config::kMaxDurationSeconds; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto parsed = niamd::config::parse_config(text, "conf/fuzz");
    const auto& config = parsed.config;

    if (config.checks.size() > niamd::config::kMaxChecks) __builtin_trap();
    if (!is_duration(config.interval) || !is_duration(config.timeout)) __builtin_trap();
    if (!is_duration(config.warn_after) || !is_duration(config.purge_after)) __builtin_trap();
    if (config.warn_after >= config.purge_after) __builtin_trap();
    if (config.database && (config.database->port < 1 || config.database->port > 65535)) __builtin_trap();
    for (const auto& check : config.checks) {
        if (check.port < 0 || check.port > 65535) __builtin_trap();
        if (check.kind == niamd::config::CheckKind::Script && !is_plain_file_name(check.script)) __builtin_trap();
        if (check.kind == niamd::config::CheckKind::Http && (check.port == 0 || check.url.empty())) __builtin_trap();
    }
    for (const auto& problem : parsed.problems) {
        if (problem.source != "conf/fuzz") __builtin_trap();
        if (problem.line < 0 || problem.line > niamd::config::kMaxConfigLines + 1) __builtin_trap();
        // Messages are printable ASCII: input is echoed only through a sanitised quote.
        for (const char c : problem.message) {
            if (c < 0x20 || c > 0x7e) __builtin_trap();
        }
    }
    return 0;
}
