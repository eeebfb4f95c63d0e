#include "metrics/counter_rates.hpp"

namespace niamd::metrics {

void CounterRates::begin(double now) {
    now_ = now;
    current_.clear();
}

std::optional<double> CounterRates::rate(const std::string& key, std::uint64_t value) {
    current_[key] = Seen{value};
    if (!have_previous_ || now_ <= previous_time_) return std::nullopt;
    const auto it = previous_.find(key);
    if (it == previous_.end() || value < it->second.value) return std::nullopt;
    return static_cast<double>(value - it->second.value) / (now_ - previous_time_);
}

void CounterRates::end() {
    previous_.swap(current_);
    current_.clear();
    previous_time_ = now_;
    have_previous_ = true;
}

}  // namespace niamd::metrics
