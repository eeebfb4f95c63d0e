// Sample: one measurement as niamd's metrics carry it: a name, a few tags, a unit and a value.
// See docs/metrics.md for the names the system collector makes and the plugin formats.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace niamd::metrics {

inline constexpr std::size_t kMaxNameBytes = 255;     // a longer name makes the line bad
inline constexpr std::size_t kMaxTagBytes = 255;      // key or value; a longer one makes the line bad
inline constexpr std::size_t kMaxTagsPerSample = 16;  // more tags make the line bad

struct Tag {
    std::string key;
    std::string value;
    bool operator==(const Tag&) const = default;
};

struct Sample {
    std::string name;       // e.g. "fs.used_pct", "check_disk./boot"
    std::vector<Tag> tags;  // e.g. {mount, /}; in the order the source gave them
    std::string unit;       // "" (a plain number), "%", "s", "B", "B/s", "1/s", "c", ...
    double value = 0;       // always finite
    std::int64_t time = 0;  // unix seconds the source gave; 0 when it gave none (collection time)
};

}  // namespace niamd::metrics
