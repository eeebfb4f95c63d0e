// ThresholdRange: a Nagios threshold range, per the Monitoring Plugins development
// guidelines ("Threshold and ranges"): [@]start:end with inclusive ends.
//     10      alert when < 0 or > 10         10:     alert when < 10
//     ~:10    alert when > 10                10:20   alert when < 10 or > 20
//     @10:20  alert when >= 10 and <= 20 (inside)
// "~" is minus infinity, an empty end is plus infinity, an empty start is 0 (as the
// plugins' own parse_range_string reads ":10"); start must not be above end.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace niamd::metrics {

struct ThresholdRange {
    double start = 0;     // -infinity for "~"
    double end = 0;       // +infinity when not given
    bool inside = false;  // '@': alert inside the range instead of outside

    // True when `value` is outside [start, end] (inside it for '@').
    bool alerts(double value) const noexcept {
        const bool within = value >= start && value <= end;
        return inside ? within : !within;
    }

    // The shortest text that parses back to this range ("10", "10:", "~:10", "@10:20").
    std::string text() const;

    friend bool operator==(const ThresholdRange&, const ThresholdRange&) = default;
};

// The range `text` writes; nullopt when it is not one (empty, "@", ":", numbers that are
// not finite, start above end, anything else).
std::optional<ThresholdRange> parse_threshold_range(std::string_view text) noexcept;

}  // namespace niamd::metrics
