// The master's metric statements: THRESHOLD name[tag=value,...] WARN CRIT [FOR seconds] and
// CLOUDWATCH namespace [name-glob...] (docs/config.md). Each reads the words after its
// keyword; a bad statement gives a problem message (never a crash) and nothing applies.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "config/host_config.hpp"

namespace niamd::config {

// A piece of input safe to put in a problem message: printable ASCII only, at most 32 bytes.
std::string quote_input(std::string_view token);

// The spec, or why the statement is bad (the message, without source and line).
std::variant<ThresholdSpec, std::string> read_threshold(const std::vector<std::string_view>& args);
std::variant<CloudWatchConfig, std::string> read_cloudwatch(const std::vector<std::string_view>& args);

// True when the two select the same series (same name, same tags in any order).
bool same_selector(const ThresholdSpec& a, const ThresholdSpec& b);

}  // namespace niamd::config
