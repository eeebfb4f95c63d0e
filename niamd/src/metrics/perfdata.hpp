// parse_perfdata: the performance data of a Nagios-convention plugin, per the Monitoring
// Plugins development guidelines ("Performance data"):
//     'label'=value[UOM];[warn];[crit];[min];[max]   (space separated)
// Labels may be quoted ('' is a quote inside quotes; quotes are needed for spaces), UOM is one
// of s ms us % B KB MB GB TB c (or none), trailing fields may be empty or dropped, and the
// value "U" (undetermined) is valid but carries no number.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace niamd::metrics {

inline constexpr std::size_t kMaxPerfdataItems = 1000;  // further items are counted as dropped

struct PerfdataItem {
    std::string label;
    double value = 0;  // finite
    std::string unit;  // "" or one of s ms us % B KB MB GB TB c
    std::string warn;  // the threshold range as written ("10", "@10:20", "~:5"), or ""
    std::string crit;
    std::optional<double> min;
    std::optional<double> max;
};

struct PerfdataParse {
    std::vector<PerfdataItem> items;
    std::size_t read = 0;          // items seen, good or bad
    std::size_t bad = 0;           // items that were not label=value[UOM];...
    std::size_t undetermined = 0;  // items with the value U: valid, no number
    std::size_t dropped = 0;       // good items past kMaxPerfdataItems
    std::size_t first_bad = 0;     // 1-based position of the first bad item, 0 when none
    std::string first_bad_reason;  // why it was bad, e.g. "unknown unit 'xB'"
};

PerfdataParse parse_perfdata(std::string_view perfdata);

// True when `text` is a Nagios threshold range ("10", "10:", "~:10", "10:20", "@10:20"),
// as metrics/threshold_range.hpp reads it.
bool is_threshold_range(std::string_view text) noexcept;

}  // namespace niamd::metrics
