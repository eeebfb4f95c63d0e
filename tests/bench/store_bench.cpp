// History store write speed: one master round's batch of 1000 check results and 1000
// heartbeats (100 hosts, 10 checks each) committed into SQLite in a temporary file, the
// real way (WAL, synchronous=FULL: one fsync per commit). items_per_second is rows/s.
//   build/tests/bench/store_bench --benchmark_filter=BM_StoreCommit
// BM_StoreMetricSamples: rounds of 1000 hosts x 30 series, one sample each (a minute of
// METRIC records as the master batches them), into series that exist after the first
// round; items_per_second is samples/s (target >= 200,000).
//   build/tests/bench/store_bench --benchmark_filter=BM_StoreMetricSamples
// BM_StoreMetricSamplesSteady: the same rounds after 120 rounds (two hours) of history.
//   build/tests/bench/store_bench --benchmark_filter=BM_StoreMetricSamplesSteady
// Both include the commits that move the metric staging (docs/store.md), every 18 rounds:
// slowest_commit_ms is the slowest timed round.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <utility>
#include <vector>
#include <string>

#include "log/log.hpp"
#include "store/sqlite_store.hpp"

namespace {

namespace fs = std::filesystem;
using namespace niamd::store;

constexpr int kHosts = 100;
constexpr int kChecksPerHost = 10;
constexpr int kRowsPerKind = kHosts * kChecksPerHost;  // 1000 results and 1000 heartbeats

Batch round_batch() {
    Batch batch;
    batch.results.reserve(kRowsPerKind);
    batch.heartbeats.reserve(kRowsPerKind);
    for (int h = 0; h < kHosts; ++h) {
        const HostKey host{"web-" + std::to_string(h) + ".example.internal",
                           "i-0" + std::to_string(1000000000000000 + h)};
        for (int c = 0; c < kChecksPerHost; ++c) {
            CheckResultRow result;
            result.check.host = host;
            result.check.kind = c % 2 ? niamd::protocol::RecordKind::Http : niamd::protocol::RecordKind::Lping;
            result.check.target = "service-" + std::to_string(c) + ".internal";
            result.check.port_or_arg = std::to_string(8000 + c);
            result.status = c == 7 ? 1 : 0;
            result.latency_ms = 3 + c;
            result.output = c == 7 ? "HTTP 503 Service Unavailable" : "HTTP 200 OK";
            batch.results.push_back(std::move(result));
            // One heartbeat per host and check slot: ten rounds' worth per host.
            batch.heartbeats.push_back({host, 0});
        }
    }
    return batch;
}

// Gives every row a time no earlier batch used, so nothing is ignored as a duplicate.
void stamp(Batch& batch, std::int64_t round) {
    const std::int64_t base = 1700000000 + round * kChecksPerHost;
    for (std::size_t i = 0; i < batch.results.size(); ++i) {
        batch.results[i].time = base;
        batch.heartbeats[i].time = base + static_cast<std::int64_t>(i % kChecksPerHost);
    }
}

std::optional<fs::path> temp_dir(benchmark::State& state) {
    std::string pattern = (fs::temp_directory_path() / "niam-store-bench-XXXXXX").string();
    if (!mkdtemp(pattern.data())) {
        state.SkipWithError("mkdtemp failed");
        return std::nullopt;
    }
    return fs::path(pattern);
}

void BM_StoreCommit(benchmark::State& state) {
    niamd::log::set_level(niamd::log::Level::Warning);
    const auto made = temp_dir(state);
    if (!made) return;
    const fs::path dir = *made;
    {
        auto store = open_sqlite_store(dir / "niam.db");
        if (!store) {
            state.SkipWithError(store.error().message.c_str());
            return;
        }
        Batch batch = round_batch();
        std::int64_t round = 0;
        for (auto _ : state) {
            state.PauseTiming();
            stamp(batch, round++);
            state.ResumeTiming();
            if (auto committed = store.value()->commit(batch); !committed) {
                state.SkipWithError(committed.error().message.c_str());
                break;
            }
        }
        state.SetItemsProcessed(state.iterations() * 2 * kRowsPerKind);
        state.counters["rows_per_commit"] = 2 * kRowsPerKind;
    }
    fs::remove_all(dir);
}
BENCHMARK(BM_StoreCommit)->Unit(benchmark::kMillisecond)->UseRealTime();

constexpr int kMetricHosts = 1000;
constexpr int kSeriesPerHost = 30;
constexpr int kSamplesPerRound = kMetricHosts * kSeriesPerHost;

// The series of a small Linux host: cpu, memory, load, two filesystems, two interfaces.
std::vector<MetricSampleRow> metric_round() {
    static const std::pair<const char*, const char*> kSeries[kSeriesPerHost] = {
        {"cpu.user_pct", ""},
        {"cpu.system_pct", ""},
        {"cpu.iowait_pct", ""},
        {"cpu.steal_pct", ""},
        {"cpu.idle_pct", ""},
        {"mem.used_pct", ""},
        {"mem.available_bytes", ""},
        {"swap.used_bytes", ""},
        {"load.1", ""},
        {"load.5", ""},
        {"load.15", ""},
        {"proc.running", ""},
        {"proc.total", ""},
        {"fs.used_pct", "mount=/"},
        {"fs.avail_bytes", "mount=/"},
        {"fs.inodes_used_pct", "mount=/"},
        {"fs.used_pct", "mount=/var"},
        {"fs.avail_bytes", "mount=/var"},
        {"fs.inodes_used_pct", "mount=/var"},
        {"net.rx_bytes_per_s", "if=eth0"},
        {"net.tx_bytes_per_s", "if=eth0"},
        {"net.rx_packets_per_s", "if=eth0"},
        {"net.tx_packets_per_s", "if=eth0"},
        {"net.rx_bytes_per_s", "if=eth1"},
        {"net.tx_bytes_per_s", "if=eth1"},
        {"disk.read_bytes_per_s", "dev=nvme0n1"},
        {"disk.write_bytes_per_s", "dev=nvme0n1"},
        {"disk.busy_pct", "dev=nvme0n1"},
        {"tcp.established", ""},
        {"users.logged_in", ""},
    };
    std::vector<MetricSampleRow> rows;
    rows.reserve(kSamplesPerRound);
    for (int h = 0; h < kMetricHosts; ++h) {
        const std::string hostname = "web-" + std::to_string(h) + ".example.internal";
        const std::string instance = "i-0" + std::to_string(1000000000000000 + h);
        for (const auto& [name, tags] : kSeries) {
            MetricSampleRow row;
            row.hostname = hostname;
            row.instance = instance;
            row.name = name;
            row.tags = tags;
            row.unit = "%";
            rows.push_back(std::move(row));
        }
    }
    return rows;
}

// Metric rounds (kSamplesPerRound samples, one a series) after `history_rounds` rounds were
// written untimed; each timed round is checked to have stored every sample.
void metric_rounds(benchmark::State& state, int history_rounds) {
    niamd::log::set_level(niamd::log::Level::Warning);
    const auto made = temp_dir(state);
    if (!made) return;
    const fs::path dir = *made;
    {
        auto store = open_sqlite_store(dir / "niam.db");
        if (!store) {
            state.SkipWithError(store.error().message.c_str());
            return;
        }
        Batch batch;
        batch.samples = metric_round();
        std::int64_t round = 0;
        const auto stamp_samples = [&] {
            const std::int64_t time = 1700000000 + 60 * round++;
            for (std::size_t i = 0; i < batch.samples.size(); ++i) {
                batch.samples[i].time = time;
                batch.samples[i].value = static_cast<double>((i * 7 + static_cast<std::size_t>(round)) % 100);
            }
        };
        const auto commit_round = [&]() -> bool {
            if (auto committed = store.value()->commit(batch); !committed) {
                state.SkipWithError(committed.error().message.c_str());
                return false;
            }
            if (batch.sample_outcome.stored != static_cast<std::size_t>(kSamplesPerRound)) {
                state.SkipWithError("not every sample was stored");
                return false;
            }
            return true;
        };
        bool ok = true;
        for (int i = 0; ok && i < history_rounds; ++i) {
            stamp_samples();
            ok = commit_round();
        }
        double slowest_ms = 0;
        for (auto _ : state) {
            if (!ok) break;
            state.PauseTiming();
            stamp_samples();
            state.ResumeTiming();
            const auto started = std::chrono::steady_clock::now();
            ok = commit_round();
            slowest_ms =
                std::max(slowest_ms,
                         std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
        }
        state.counters["slowest_commit_ms"] = slowest_ms;
        state.SetItemsProcessed(state.iterations() * kSamplesPerRound);
        state.counters["samples_per_commit"] = kSamplesPerRound;
        state.counters["history_rounds"] = history_rounds;
    }
    fs::remove_all(dir);
}

// The first round creates the series (once in a master's life); measured are the rounds after.
void BM_StoreMetricSamples(benchmark::State& state) { metric_rounds(state, 1); }
BENCHMARK(BM_StoreMetricSamples)->Unit(benchmark::kMillisecond)->UseRealTime();

// BM_StoreMetricSamplesSteady: the same rounds, but into a store that already holds two hours
// of them (written before timing starts): the cost of a round once every series has its own
// pages, as on a master that has run for a while.
void BM_StoreMetricSamplesSteady(benchmark::State& state) { metric_rounds(state, 120); }
BENCHMARK(BM_StoreMetricSamplesSteady)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
