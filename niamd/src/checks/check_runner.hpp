// run_checks: one round of a host's checks, all at once, each bounded by the timeout.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "checks/check.hpp"
#include "config/host_config.hpp"
#include "protocol/record.hpp"

namespace niamd::checks {

struct CheckContext {
    std::string instance;  // EC2 instance id or "NOT-AWS"
    std::string hostname;
    std::filesystem::path scripts_dir;  // STATE_DIR/scripts
    std::chrono::seconds timeout{10};   // per check (config TIMEOUT) unless its spec has its own
                                        // timeout; below 1 s counts as 1 s
    std::int64_t now = 0;               // Unix seconds written into every record's time field
    // Polled every 100 ms while checks run: when it answers true (the daemon is stopping),
    // the round ends at once, unfinished checks abandoned. Empty: never.
    std::function<bool()> stopping;
};

// A check still running this long after its timeout is abandoned (reported UNKNOWN and
// left to finish on its own thread), so a round never takes much more than the timeout.
inline constexpr std::chrono::milliseconds kAbandonAfterTimeout{800};

// Runs every spec concurrently (one thread each); returns one check record per spec, in
// spec order: Ping -> LPING (target, port), Http -> HTTP (target, port), Script -> SCRIPT
// (script name, args joined with ' '); status 0 OK / 1 FAILED; latency, Nagios code and
// a short output always present. A SCRIPT record is followed by the METRIC records of the
// perfdata its plugin printed (`<script>.<label>`, perfdata_metrics.hpp). Returns within timeout + kAbandonAfterTimeout however
// the targets behave (the longest of the specs' own timeouts). Never throws.
std::vector<protocol::Record> run_checks(const std::vector<config::CheckSpec>& specs, const CheckContext& context);

// The same with each check made by `make` instead of make_check (tests hand in checks
// that hang past their timeout or throw). `make` may return null: that spec is UNKNOWN.
using CheckMaker = std::function<std::unique_ptr<Check>(const config::CheckSpec&)>;
std::vector<protocol::Record> run_checks(const std::vector<config::CheckSpec>& specs, const CheckContext& context,
                                         const CheckMaker& make);

// The record for `spec` without its outcome (status FAILED, no optional fields).
protocol::Record record_for(const config::CheckSpec& spec, const CheckContext& context);

}  // namespace niamd::checks
