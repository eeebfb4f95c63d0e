// CounterRates: turns monotonically growing counters (bytes sent, context switches) into
// per-second rates between two collections. A counter seen for the first time, or one that
// went backwards (a reboot, a wrap, a device replaced), gives no rate, never a negative one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

namespace niamd::metrics {

class CounterRates {
  public:
    // Starts a collection at `now` (monotonic seconds, from the injected clock).
    void begin(double now);
    // The rate of the counter `key` (name and tags) since the last collection, if there is one.
    std::optional<double> rate(const std::string& key, std::uint64_t value);
    // Ends the collection: counters not seen in it are forgotten, so the memory is bounded by
    // what one collection reads.
    void end();

  private:
    struct Seen {
        std::uint64_t value = 0;
    };
    std::unordered_map<std::string, Seen> previous_;
    std::unordered_map<std::string, Seen> current_;
    double previous_time_ = 0;
    double now_ = 0;
    bool have_previous_ = false;
};

}  // namespace niamd::metrics
