// Temporary declaration until the checks part lands (see wt/checks).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "config/host_config.hpp"
#include "protocol/record.hpp"

namespace niamd::checks {
struct CheckContext {
    std::string instance;
    std::string hostname;
    std::filesystem::path scripts_dir;
    std::chrono::seconds timeout{10};
    std::int64_t now = 0;
};
std::vector<protocol::Record> run_checks(const std::vector<config::CheckSpec>& specs,
                                         const CheckContext& context);
}  // namespace niamd::checks
