#include "awsrest/clock.hpp"

#include <random>
#include <thread>

namespace awsrest {

namespace {

class SystemClock final : public Clock {
  public:
    TimePoint now() const override { return std::chrono::system_clock::now(); }
    void sleep_for(std::chrono::milliseconds duration) override { std::this_thread::sleep_for(duration); }
};

std::uint64_t splitmix64(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

Clock& system_clock() {
    static SystemClock clock;
    return clock;
}

SeededRandom::SeededRandom(std::uint64_t seed) : seed_(seed) {
    if (seed_ == 0) {
        std::random_device device;
        seed_ = (std::uint64_t{device()} << 32) | device();
        if (seed_ == 0) seed_ = 1;
    }
    std::uint64_t x = seed_;
    for (auto& word : state_) word = splitmix64(x);
}

// xoshiro256+: small, fast, good enough for jitter.
double SeededRandom::next_unit() {
    const std::uint64_t result = state_[0] + state_[3];
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return static_cast<double>(result >> 11) * 0x1.0p-53;
}

}  // namespace awsrest
