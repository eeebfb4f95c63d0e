// parse_config: reads the text of a host config (see docs/config.md). A bad line is
// reported with its source and line number and skipped; every good line applies.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "config/config_problem.hpp"
#include "config/host_config.hpp"

namespace niamd::config {

inline constexpr std::size_t kMaxConfigBytes = 64 * 1024;  // larger text is refused whole
inline constexpr int kMaxConfigLines = 2000;               // lines past this are ignored
inline constexpr std::size_t kMaxLineBytes = 4096;         // longer lines are skipped
inline constexpr std::size_t kMaxChecks = 256;             // PING+HTTP+SCRIPT statements
inline constexpr int kMaxDurationSeconds = 86400;
inline constexpr std::size_t kMaxMetricPlugins = 64;  // METRIC statements
inline constexpr int kMaxInventorySeconds = 7 * 86400;
inline constexpr std::size_t kMaxInstancePrefixBytes = 64;
inline constexpr std::size_t kMaxInstanceSerialBytes = 128;
inline constexpr std::size_t kMaxInstanceCommandWords = 32;

// A statement that applied, by keyword as the docs write it ("EC2_CHECK") and line.
struct AppliedStatement {
    std::string keyword;
    int line = 0;
};

struct ParsedConfig {
    HostConfig config;
    std::vector<ConfigProblem> problems;       // in line order; empty when all lines applied
    std::vector<AppliedStatement> singletons;  // ROLE, DATABASE, INTERVAL, ...: each that applied, in line order
};

// `source` names the text in problems, e.g. "conf/web1". Never fails: the worst input
// gives the default HostConfig plus problems.
ParsedConfig parse_config(std::string_view text, std::string_view source);

}  // namespace niamd::config
