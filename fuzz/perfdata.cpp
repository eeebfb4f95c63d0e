// Fuzzes the reader of Nagios performance data (niamd/src/metrics/perfdata.cpp).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "metrics/clean_text.hpp"
#include "metrics/perfdata.hpp"
#include "metrics/sample.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace niamd::metrics;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto r = parse_perfdata(text);
    if (r.items.size() > kMaxPerfdataItems) __builtin_trap();
    if (r.items.size() + r.bad + r.undetermined + r.dropped != r.read) __builtin_trap();
    if ((r.bad == 0) != (r.first_bad == 0) || r.first_bad > r.read) __builtin_trap();
    for (const auto& item : r.items) {
        if (item.label.empty() || item.label.size() > kMaxNameBytes || !is_clean_text(item.label)) __builtin_trap();
        if (!std::isfinite(item.value)) __builtin_trap();
        if (item.min && !std::isfinite(*item.min)) __builtin_trap();
        if (item.max && !std::isfinite(*item.max)) __builtin_trap();
        if (!item.warn.empty() && !is_threshold_range(item.warn)) __builtin_trap();
        if (!item.crit.empty() && !is_threshold_range(item.crit)) __builtin_trap();
    }
    return 0;
}
