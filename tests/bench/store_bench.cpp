// History store write speed: one master round's batch of 1000 check results and 1000
// heartbeats (100 hosts, 10 checks each) committed into SQLite in a temporary file, the
// real way (WAL, synchronous=FULL: one fsync per commit). items_per_second is rows/s.
//   build/tests/bench/store_bench --benchmark_filter=BM_StoreCommit
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
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

void BM_StoreCommit(benchmark::State& state) {
    niamd::log::set_level(niamd::log::Level::Warning);
    std::string pattern = (fs::temp_directory_path() / "niam-store-bench-XXXXXX").string();
    if (!mkdtemp(pattern.data())) {
        state.SkipWithError("mkdtemp failed");
        return;
    }
    const fs::path dir = pattern;
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

}  // namespace

BENCHMARK_MAIN();
