// Noise control of the check board: retries, recover, flapping (master/check_board.hpp).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "master/check_board.hpp"

using niamd::master::CheckBoard;
using niamd::store::AlertKind;

namespace {

constexpr std::int64_t kStart = 1700000000;

struct Noise {
    int retries = 0;
    int recover = 0;
    int flap_changes = 0;
};

niamd::store::CheckResultRow result(std::int64_t time, int status, Noise noise) {
    niamd::store::CheckResultRow row;
    row.check.host = {"db1", "NOT-AWS"};
    row.check.kind = niamd::protocol::RecordKind::Lping;
    row.check.target = "db1";
    row.check.port_or_arg = "5432";
    row.time = time;
    row.status = status;
    row.retries = noise.retries;
    row.recover = noise.recover;
    row.flap_changes = noise.flap_changes;
    return row;
}

// Applies the statuses one a second and returns the alert kinds they raised, in order.
std::vector<AlertKind> replay(CheckBoard& board, const std::vector<int>& statuses, Noise noise,
                              std::int64_t start = kStart) {
    std::vector<AlertKind> kinds;
    for (std::size_t i = 0; i < statuses.size(); ++i) {
        const auto time = start + static_cast<std::int64_t>(i);
        const auto outcome = board.apply(result(time, statuses[i], noise), time, 0);
        if (outcome.event) kinds.push_back(outcome.event->kind);
    }
    return kinds;
}

std::size_t count(const std::vector<AlertKind>& kinds, AlertKind kind) {
    std::size_t n = 0;
    for (const auto k : kinds) n += k == kind ? 1 : 0;
    return n;
}

// A day of 1 s results: about 1 % single failures (never two in a row) from a fixed-seed
// PRNG, and one real outage of 180 s at noon.
std::vector<int> day_trace() {
    std::vector<int> statuses(86400, 0);
    std::mt19937 random(12345);
    std::uniform_int_distribution<int> percent(0, 99);
    for (std::size_t i = 1; i + 1 < statuses.size(); ++i) {
        if (percent(random) == 0 && statuses[i - 1] == 0) statuses[i] = 1;
        if (statuses[i] == 1 && i + 1 < statuses.size()) ++i;  // the next one stays OK: single failures
    }
    for (std::size_t i = 43200; i < 43200 + 180; ++i) statuses[i] = 1;
    statuses[43199] = 0;
    statuses[43380] = 0;
    return statuses;
}

std::size_t failure_runs(const std::vector<int>& statuses) {
    std::size_t runs = 0;
    for (std::size_t i = 0; i < statuses.size(); ++i) {
        if (statuses[i] == 1 && (i == 0 || statuses[i - 1] == 0)) ++runs;
    }
    return runs;
}

}  // namespace

TEST_CASE("checks: retries holds CHECK_FAILED until retries + 1 failures in a row", "[master][noise]") {
    CheckBoard board;
    const Noise noise{2, 0, 0};
    CHECK(replay(board, {0, 1, 1, 0, 1, 1}, noise).empty());
    const auto kinds = replay(board, {1}, noise, kStart + 6);
    REQUIRE(kinds == std::vector<AlertKind>{AlertKind::CheckFailed});
    CHECK(board.find(result(0, 0, noise).check)->status == 1);
}

TEST_CASE("checks: recover holds CHECK_OK until that many successes in a row", "[master][noise]") {
    CheckBoard board;
    const Noise noise{0, 3, 0};
    CHECK(replay(board, {1, 0, 0, 1, 0, 0}, noise) == std::vector<AlertKind>{AlertKind::CheckFailed});
    CHECK(replay(board, {0}, noise, kStart + 6) == std::vector<AlertKind>{AlertKind::CheckOk});
}

TEST_CASE("checks: successes never alert CHECK_OK without a CHECK_FAILED before", "[master][noise]") {
    CheckBoard board;
    CHECK(replay(board, {1, 0, 1, 1, 0, 0, 0, 1, 0}, Noise{2, 2, 0}).empty());
}

TEST_CASE("checks: a replayed result changes neither the counters nor the status", "[master][noise]") {
    CheckBoard board;
    const Noise noise{1, 0, 0};
    replay(board, {0, 1}, noise);
    // The same failure again (redelivered) and an older one (from a spool): no second failure.
    CHECK_FALSE(board.apply(result(kStart + 1, 1, noise), kStart + 5, 0).changed);
    CHECK_FALSE(board.apply(result(kStart, 1, noise), kStart + 5, 0).changed);
    CHECK(board.find(result(0, 0, noise).check)->streak == 1);
    CHECK(replay(board, {1}, noise, kStart + 2) == std::vector<AlertKind>{AlertKind::CheckFailed});
}

TEST_CASE("checks: a day of 1 s results with single failures and one outage alerts once at retries 2",
          "[master][noise]") {
    const auto trace = day_trace();
    const std::size_t runs = failure_runs(trace);
    REQUIRE(runs > 500);  // about 1 % of 86,400, plus the outage
    {
        CheckBoard board;
        const auto kinds = replay(board, trace, Noise{2, 0, 0});
        CHECK(kinds == std::vector<AlertKind>{AlertKind::CheckFailed, AlertKind::CheckOk});
    }
    {
        CheckBoard board;
        const auto kinds = replay(board, trace, Noise{0, 0, 0});
        CHECK(count(kinds, AlertKind::CheckFailed) == runs);
        CHECK(count(kinds, AlertKind::CheckOk) == runs);
        CHECK(kinds.size() == 2 * runs);
    }
}

TEST_CASE("checks: an alternating check alerts FLAPPING once and STABLE once after it settles", "[master][noise]") {
    CheckBoard board;
    const Noise noise{0, 0, 6};
    std::vector<int> statuses;
    for (int i = 0; i < 200; ++i) statuses.push_back(i % 2);  // 100 changes of status
    for (int i = 0; i < 100; ++i) statuses.push_back(0);      // settled
    const auto kinds = replay(board, statuses, noise);
    CHECK(count(kinds, AlertKind::Flapping) == 1);
    CHECK(count(kinds, AlertKind::Stable) == 1);
    // Before FLAPPING at most the 6 allowed changes alerted; none while flapping.
    CHECK(kinds.size() <= 6 + 2);
    const auto flapping = std::find(kinds.begin(), kinds.end(), AlertKind::Flapping);
    REQUIRE(flapping != kinds.end());
    CHECK(*(flapping + 1) == AlertKind::Stable);
    CHECK_FALSE(board.find(result(0, 0, noise).check)->flapping);
}

TEST_CASE("checks: after STABLE a check that settled failed alerts CHECK_FAILED", "[master][noise]") {
    CheckBoard board;
    const Noise noise{1, 0, 4};
    std::vector<int> statuses;
    for (int i = 0; i < 40; ++i) statuses.push_back(i % 2 == 0 ? 0 : 1);
    for (int i = 0; i < 40; ++i) statuses.push_back(1);
    const auto kinds = replay(board, statuses, noise);
    REQUIRE(count(kinds, AlertKind::Flapping) == 1);
    REQUIRE(count(kinds, AlertKind::Stable) == 1);
    CHECK(kinds.back() == AlertKind::CheckFailed);
    CHECK(count(kinds, AlertKind::CheckFailed) == 1);
}

TEST_CASE("checks: the noise state restored from its row carries on", "[master][noise]") {
    CheckBoard board;
    const Noise noise{2, 0, 0};
    replay(board, {0, 1, 1}, noise);
    CheckBoard restarted;
    restarted.restore(*board.find(result(0, 0, noise).check));
    CHECK(replay(restarted, {1}, noise, kStart + 3) == std::vector<AlertKind>{AlertKind::CheckFailed});
}

TEST_CASE("checks: status changes counts flips between consecutive results", "[master][noise]") {
    CHECK(niamd::master::status_changes(0b1010, 4) == 3);
    CHECK(niamd::master::status_changes(0b1010, 1) == 0);
    CHECK(niamd::master::status_changes(0b0001, 21) == 1);
    CHECK(niamd::master::status_changes(0, 21) == 0);
}
