// Time and randomness are inputs: nothing in libawsrest reads the wall clock, sleeps or
// draws random numbers except through these interfaces, so tests are deterministic.
#pragma once

#include <chrono>
#include <cstdint>

namespace awsrest {

using TimePoint = std::chrono::system_clock::time_point;

class Clock {
  public:
    virtual ~Clock() = default;
    virtual TimePoint now() const = 0;
    virtual void sleep_for(std::chrono::milliseconds duration) = 0;
};

// The real clock: system_clock::now() and std::this_thread::sleep_for.
Clock& system_clock();

// Uniform doubles in [0, 1), for backoff jitter.
class Random {
  public:
    virtual ~Random() = default;
    virtual double next_unit() = 0;
};

// A seeded generator (std::mt19937_64). seed 0 means: seed from std::random_device.
class SeededRandom final : public Random {
  public:
    explicit SeededRandom(std::uint64_t seed = 0);
    double next_unit() override;
    std::uint64_t seed() const noexcept { return seed_; }

  private:
    std::uint64_t seed_;
    std::uint64_t state_[4];
};

}  // namespace awsrest
