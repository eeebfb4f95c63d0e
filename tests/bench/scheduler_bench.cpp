// Check scheduling and noise control:
//   cmake -S . -B build -DNIAM_BENCH=ON ... && cmake --build build --target scheduler_bench
//   build/tests/bench/scheduler_bench
// - BM_CheckRoundLateness/500: 500 cheap checks fall due in the same second (500 checks at
//   60 s on one client, all due at once: the worst second) and run through
//   checks::run_checks, as CheckSource::collect runs its due checks. Each check records
//   when it started; the counters are the lateness of the starts behind the round's start
//   (its due time), p50/p95/max in ms, over all rounds.
// - BM_CheckSourceLateness: the same through the client's CheckSource on a real config of
//   256 PING checks (the S3 config's most) with interval=60, every collect a minute on.
// - BM_CheckBoardApply: results applied to the master's CheckBoard (1000 checks, retries 2,
//   flap detection on, ~1 % failures): items/s = results/s.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "checks/check.hpp"
#include "checks/check_runner.hpp"
#include "client/check_source.hpp"
#include "client/config_source.hpp"
#include "config/config_parser.hpp"
#include "log/log.hpp"
#include "master/check_board.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct Starts {
    std::mutex mutex;
    std::vector<Clock::time_point> times;
};

// Records its start and passes at once.
class Stamping final : public niamd::checks::Check {
  public:
    explicit Stamping(Starts& starts) : starts_(starts) {}
    niamd::checks::CheckOutcome run(std::chrono::milliseconds) override {
        const auto now = Clock::now();
        {
            std::lock_guard lock(starts_.mutex);
            starts_.times.push_back(now);
        }
        return niamd::checks::check_passed(0, "ok");
    }

  private:
    Starts& starts_;
};

double percentile(std::vector<double>& values, double p) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1));
    return values[index];
}

void BM_CheckRoundLateness(benchmark::State& state) {
    niamd::log::set_level(niamd::log::Level::Error);
    const auto count = static_cast<std::size_t>(state.range(0));
    std::vector<niamd::config::CheckSpec> specs(count);
    for (std::size_t i = 0; i < count; ++i) {
        specs[i].kind = niamd::config::CheckKind::Ping;
        specs[i].target = "host-" + std::to_string(i);
        specs[i].port = 5432;
        specs[i].interval = 60;
    }
    niamd::checks::CheckContext context;
    context.instance = "NOT-AWS";
    context.hostname = "bench";
    context.timeout = std::chrono::seconds(5);
    context.now = 1700000000;
    std::vector<double> lateness_ms;
    for (auto _ : state) {
        Starts starts;
        starts.times.reserve(count);
        const auto due = Clock::now();
        auto records = niamd::checks::run_checks(
            specs, context, [&starts](const niamd::config::CheckSpec&) { return std::make_unique<Stamping>(starts); });
        benchmark::DoNotOptimize(records);
        for (const auto& start : starts.times) {
            lateness_ms.push_back(std::chrono::duration<double, std::milli>(start - due).count());
        }
        if (starts.times.size() != count) state.SkipWithError("a check did not start");
    }
    state.counters["p50_ms"] = percentile(lateness_ms, 0.50);
    state.counters["p95_ms"] = percentile(lateness_ms, 0.95);
    state.counters["max_ms"] = percentile(lateness_ms, 1.0);
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(count));
}
BENCHMARK(BM_CheckRoundLateness)->Arg(500)->Unit(benchmark::kMillisecond)->UseRealTime();

// The same through the client's CheckSource on a real config (the S3 config's most checks,
// 256, each `interval=60`), a minute apart: every collect finds them all due.
void BM_CheckSourceLateness(benchmark::State& state) {
    niamd::log::set_level(niamd::log::Level::Error);
    char pattern[] = "/tmp/niam-bench-XXXXXX";
    const char* dir = mkdtemp(pattern);
    if (dir == nullptr) {
        state.SkipWithError("mkdtemp failed");
        return;
    }
    const std::filesystem::path path(dir);
    {
        std::ofstream conf(path / "niam.conf");
        conf << "INTERVAL 30\nTIMEOUT 5\n";
        for (std::size_t i = 0; i < niamd::config::kMaxChecks; ++i)
            conf << "PING host-" << i << " PORT 5432 interval=60\n";
    }
    niamd::client::ConfigSource config{nullptr, "", "bench", path, path / "niam.conf"};
    config.refresh();
    Starts starts;
    niamd::client::CheckSource source(
        {"NOT-AWS", "bench"}, path / "scripts", config, [] { return false; },
        [&starts](const niamd::config::CheckSpec&) { return std::make_unique<Stamping>(starts); });
    std::vector<double> lateness_ms;
    std::int64_t now = 1700000000;
    for (auto _ : state) {
        starts.times.clear();
        const auto due = Clock::now();
        auto records = source.collect(now);
        benchmark::DoNotOptimize(records);
        for (const auto& start : starts.times) {
            lateness_ms.push_back(std::chrono::duration<double, std::milli>(start - due).count());
        }
        if (starts.times.size() != niamd::config::kMaxChecks) state.SkipWithError("a check did not run");
        now += 60;
    }
    state.counters["p50_ms"] = percentile(lateness_ms, 0.50);
    state.counters["p95_ms"] = percentile(lateness_ms, 0.95);
    state.counters["max_ms"] = percentile(lateness_ms, 1.0);
    std::filesystem::remove_all(path);
}
BENCHMARK(BM_CheckSourceLateness)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_CheckBoardApply(benchmark::State& state) {
    constexpr int kChecks = 1000;
    std::vector<niamd::store::CheckResultRow> results(kChecks);
    for (int i = 0; i < kChecks; ++i) {
        results[i].check.host = {"web-" + std::to_string(i / 10), "NOT-AWS"};
        results[i].check.kind = niamd::protocol::RecordKind::Lping;
        results[i].check.target = "db-" + std::to_string(i % 10);
        results[i].check.port_or_arg = "5432";
        results[i].retries = 2;
        results[i].flap_changes = 6;
        results[i].output = "TCP OK - 0.001 second response time";
    }
    std::mt19937 random(7);
    std::uniform_int_distribution<int> percent(0, 99);
    niamd::master::CheckBoard board;
    std::int64_t time = 1700000000;
    std::size_t alerts = 0;
    for (auto _ : state) {
        ++time;
        for (auto& result : results) {
            result.time = time;
            result.status = percent(random) == 0 ? 1 : 0;
            alerts += board.apply(result, time, 0).event ? 1 : 0;
        }
    }
    benchmark::DoNotOptimize(alerts);
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * kChecks);
}
BENCHMARK(BM_CheckBoardApply)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
