// The login rate limit per source address, on an injected time.
#include <catch2/catch.hpp>

#include <string>

#include "web/login_rate_limit.hpp"

using namespace niamd::web;
using namespace std::chrono_literals;

namespace {
const awsrest::TimePoint kStart{std::chrono::seconds{1440938160}};
}

TEST_CASE("login rate limit: max failures in a window, then refused until it ends", "[web]") {
    LoginRateLimiter limiter({3, 60s, 100});
    const std::string attacker = "192.0.2.7";
    for (int i = 0; i < 3; ++i) {
        CHECK_FALSE(limiter.refusal(attacker, kStart + std::chrono::seconds(i)).has_value());
        limiter.record_failure(attacker, kStart + std::chrono::seconds(i));
    }
    CHECK(limiter.refusal(attacker, kStart + 2s) == 58s);
    CHECK(limiter.refusal(attacker, kStart + 59s + 1ms) == 1s);           // rounded up
    CHECK_FALSE(limiter.refusal("192.0.2.8", kStart + 10s).has_value());  // another source is not held back
    CHECK_FALSE(limiter.refusal(attacker, kStart + 60s).has_value());     // the window is over

    limiter.record_failure(attacker, kStart + 60s);  // a new window: one failure
    CHECK_FALSE(limiter.refusal(attacker, kStart + 61s).has_value());
    const auto stats = limiter.stats();
    CHECK(stats.failures == 4);
    CHECK(stats.refused == 2);
    CHECK(stats.tracked == 1);
    CHECK(stats.evicted == 0);
}

TEST_CASE("login rate limit: the table is bounded, expired sources go first, then the oldest, counted", "[web]") {
    LoginRateLimiter limiter({1, 60s, 3});
    limiter.record_failure("10.0.0.1", kStart);
    limiter.record_failure("10.0.0.2", kStart + 30s);
    limiter.record_failure("10.0.0.3", kStart + 40s);
    limiter.record_failure("10.0.0.4", kStart + 70s);  // 10.0.0.1's window is over: dropped, not counted
    CHECK(limiter.stats().tracked == 3);
    CHECK(limiter.stats().evicted == 0);
    limiter.record_failure("10.0.0.5", kStart + 71s);  // none expired: 10.0.0.2 (oldest) evicted
    CHECK(limiter.stats().tracked == 3);
    CHECK(limiter.stats().evicted == 1);
    CHECK_FALSE(limiter.refusal("10.0.0.2", kStart + 72s).has_value());
    CHECK(limiter.refusal("10.0.0.3", kStart + 72s).has_value());
    CHECK(limiter.refusal("10.0.0.5", kStart + 72s).has_value());

    LoginRateLimiter flooded({1, 60s, 100});
    for (int i = 0; i < 10000; ++i)
        flooded.record_failure("10.1." + std::to_string(i / 256) + "." + std::to_string(i % 256), kStart);
    CHECK(flooded.stats().tracked == 100);
    CHECK(flooded.stats().evicted == 9900);
    CHECK(flooded.stats().failures == 10000);
}

TEST_CASE("login rate limit: sources are IPv4 addresses and IPv6 /64 networks", "[web]") {
    struct Row {
        std::string remote;
        std::string source;
    };
    const Row rows[] = {
        {"127.0.0.1", "127.0.0.1"},
        {"192.0.2.7", "192.0.2.7"},
        {"2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"},
        {"2001:db8:1:2::ffff", "2001:db8:1:2::/64"},
        {"::1", "::/64"},
        {"::ffff:192.0.2.7", "192.0.2.7"},
        {"", ""},
        {"not:an address", "not:an address"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.remote);
        CHECK(login_source(row.remote) == row.source);
    }
}
