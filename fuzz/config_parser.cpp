// Fuzzes the host config parser (conf/<hostname> text fetched from S3).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "config/config_parser.hpp"

namespace {

bool is_plain_file_name(std::string_view name) {
    if (name.empty() || name == "." || name == "..") return false;
    for (const char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                        c == '_' || c == '-';
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
    // THRESHOLD and CLOUDWATCH: bounded, well formed, and a threshold's text reads back the same.
    if (config.thresholds.size() > niamd::config::kMaxThresholds) __builtin_trap();
    for (const auto& threshold : config.thresholds) {
        if (threshold.name.empty() || (!threshold.warn && !threshold.crit)) __builtin_trap();
        if (threshold.for_seconds < 0 || threshold.for_seconds > niamd::config::kMaxDurationSeconds) __builtin_trap();
        if (threshold.tags.size() > niamd::config::kMaxThresholdTags) __builtin_trap();
        const auto again = niamd::config::parse_config(threshold.text(), "conf/again");
        if (again.config.thresholds.size() == 1) {
            const auto& read = again.config.thresholds[0];
            if (read.name != threshold.name || read.tags != threshold.tags || read.warn != threshold.warn ||
                read.crit != threshold.crit || read.for_seconds != threshold.for_seconds) {
                __builtin_trap();
            }
        }
    }
    if (config.cloudwatch) {
        const auto& cloudwatch = *config.cloudwatch;
        if (cloudwatch.name_space.empty() || cloudwatch.name_space.size() > 255) __builtin_trap();
        if (cloudwatch.globs.size() > niamd::config::kMaxCloudWatchGlobs) __builtin_trap();
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
