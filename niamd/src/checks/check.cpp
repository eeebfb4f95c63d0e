#include "checks/check.hpp"

#include <algorithm>
#include <limits>
#include <utility>

namespace niamd::checks {
namespace {

CheckOutcome outcome(bool ok, int nagios_code, int latency_ms, std::string output) {
    CheckOutcome result;
    result.ok = ok;
    result.nagios_code = nagios_code;
    result.latency_ms = latency_ms;
    result.output = std::move(output);
    return result;
}

}  // namespace

CheckOutcome check_passed(int latency_ms, std::string output) {
    return outcome(true, kPluginOk, latency_ms, std::move(output));
}

CheckOutcome check_failed(int latency_ms, std::string output) {
    return outcome(false, kPluginCritical, latency_ms, std::move(output));
}

CheckOutcome check_unknown(int latency_ms, std::string output) {
    return outcome(false, kPluginUnknown, latency_ms, std::move(output));
}

std::string timed_out_text(std::chrono::milliseconds timeout) {
    if (timeout.count() % 1000 == 0) return "timed out after " + std::to_string(timeout.count() / 1000) + " s";
    return "timed out after " + std::to_string(timeout.count()) + " ms";
}

int milliseconds_since(std::chrono::steady_clock::time_point start) {
    const auto elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    const long long count = std::clamp<long long>(elapsed.count(), 0, std::numeric_limits<int>::max());
    return static_cast<int>(count);
}

}  // namespace niamd::checks
