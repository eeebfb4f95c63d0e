// What every metric-output parser promises, whatever the input: checked by the fuzz targets
// of niamd/src/metrics (a broken promise traps).
#pragma once

#include <cmath>

#include "metrics/clean_text.hpp"
#include "metrics/parsed_metrics.hpp"

namespace fuzz_support {

inline void check_parsed_metrics(const niamd::metrics::ParsedMetrics& r) {
    using namespace niamd::metrics;
    if (r.bad > r.lines || r.samples.size() > kMaxSamplesPerOutput) __builtin_trap();
    if ((r.bad == 0) != (r.first_bad_line == 0) || (r.bad == 0) != r.first_bad_reason.empty()) __builtin_trap();
    if (r.dropped > 0 && r.samples.size() != kMaxSamplesPerOutput) __builtin_trap();
    for (const auto& s : r.samples) {
        if (!std::isfinite(s.value) || s.time < 0) __builtin_trap();
        if (s.name.empty() || s.name.size() > kMaxNameBytes || !is_clean_text(s.name)) __builtin_trap();
        if (s.tags.size() > kMaxTagsPerSample) __builtin_trap();
        for (const auto& tag : s.tags) {
            if (tag.key.empty() || tag.key.size() > kMaxTagBytes || !is_clean_text(tag.key)) __builtin_trap();
            if (tag.value.size() > kMaxTagBytes || !is_clean_text(tag.value)) __builtin_trap();
        }
    }
}

}  // namespace fuzz_support
