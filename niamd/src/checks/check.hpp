// Check: one kind of check (TCP connect, ICMP echo, HTTP GET, Nagios plugin, ...) behind
// one interface. A new kind is one more class and one line in check_factory.cpp.
#pragma once

#include <chrono>
#include <string>

#include "metrics/plugin_output.hpp"

namespace niamd::checks {

// A check's outcome is a plugin's: the codes and the parser of the plugin output format
// (metrics/plugin_output.hpp, below checks so that METRIC plugins share it).
using metrics::kPluginCritical;
using metrics::kPluginOk;
using metrics::kPluginUnknown;
using metrics::kPluginWarning;
using metrics::parse_plugin_output;
using metrics::plugin_status_name;
using metrics::PluginResult;

// What one check found. Texts are short, printable and hold no secret (no URL query).
struct CheckOutcome {
    bool ok = false;                   // the record's status: true 0 (OK), false 1 (FAILED)
    int nagios_code = kPluginUnknown;  // 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN
    int latency_ms = 0;                // measured time the check took
    std::string output;                // "HTTP 200 in 12 ms", "connect refused", a plugin's first line
    std::string perfdata;              // the perfdata a plugin printed, or a built-in check's own
    std::string long_output;           // plugins only: the lines after the first
};

class Check {
  public:
    virtual ~Check() = default;
    // Runs the check once. Returns within about `timeout` (a timed-out check says so in
    // its outcome), never throws, and may run on any thread beside other checks.
    virtual CheckOutcome run(std::chrono::milliseconds timeout) = 0;
};

// A passed check: OK, nagios 0.
CheckOutcome check_passed(int latency_ms, std::string output);
// A failed check: FAILED, nagios 2 (CRITICAL).
CheckOutcome check_failed(int latency_ms, std::string output);
// A check that could not tell: FAILED, nagios 3 (UNKNOWN).
CheckOutcome check_unknown(int latency_ms, std::string output);

// "timed out after 10 s" (or "after 500 ms" below a second).
std::string timed_out_text(std::chrono::milliseconds timeout);

// Whole milliseconds from `start` to now on the steady clock, clamped to int.
int milliseconds_since(std::chrono::steady_clock::time_point start);

}  // namespace niamd::checks
