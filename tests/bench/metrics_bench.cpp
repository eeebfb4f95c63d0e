// Metrics on the client:
//   build/tests/bench/metrics_bench   (a Release build with -DNIAM_BENCH=ON)
// - BM_ParsePerfdata: a check_disk-like perfdata line of 4 items; items/s = items (lines) per second.
// - BM_ParseGraphite: Sensu-style Graphite output, 1,000 lines; items/s = lines per second.
// - BM_ParseInflux, BM_ParseOpenTsdb, BM_ParsePrometheus: the same 1,000 values in those formats.
// - BM_SystemCollection: one collection of this host's system metrics from the live /proc, /sys
//   and statvfs (the CPU column is the cost of one collection; the bound is 1 ms).
#include <benchmark/benchmark.h>

#include <string>

#include "metrics/graphite_line.hpp"
#include "metrics/influx_line.hpp"
#include "metrics/opentsdb_line.hpp"
#include "metrics/perfdata.hpp"
#include "metrics/prometheus_text.hpp"
#include "metrics/system_collector.hpp"

namespace {

constexpr int kLines = 1000;

std::string lines(const char* format) {
    std::string text;
    char line[256];
    for (int i = 0; i < kLines; ++i) {
        std::snprintf(line, sizeof line, format, i % 8, i % 50, 1000 + i * 7, 1700000000 + i);
        text += line;
    }
    return text;
}

void BM_ParsePerfdata(benchmark::State& state) {
    std::string text;
    for (int i = 0; i < kLines; ++i) {
        text += "/var/log" + std::to_string(i % 10) + "=818MB;970;975;0;980 ";
    }
    for (auto _ : state) {
        auto r = niamd::metrics::parse_perfdata(text);
        benchmark::DoNotOptimize(r.items.data());
        if (r.items.size() != kLines) state.SkipWithError("lost items");
    }
    state.SetItemsProcessed(state.iterations() * kLines);
}
BENCHMARK(BM_ParsePerfdata);

template <class Parse>
void run(benchmark::State& state, const std::string& text, Parse parse) {
    for (auto _ : state) {
        auto r = parse(text);
        benchmark::DoNotOptimize(r.samples.data());
        if (r.samples.size() != kLines) state.SkipWithError("lost samples");
    }
    state.SetItemsProcessed(state.iterations() * kLines);
}

void BM_ParseGraphite(benchmark::State& state) {
    run(state, lines("linux.disk.elapsed.iotime_sd%d.part%d %d %d\n"), niamd::metrics::parse_graphite);
}
BENCHMARK(BM_ParseGraphite);

void BM_ParseInflux(benchmark::State& state) {
    run(state, lines("disk,dev=sd%d,part=%d iotime=%di %d000000000\n"), niamd::metrics::parse_influx);
}
BENCHMARK(BM_ParseInflux);

void BM_ParseOpenTsdb(benchmark::State& state) {
    const std::string text = lines("put disk.iotime %4$d %3$d dev=sd%1$d part=%2$d\n");
    run(state, text, niamd::metrics::parse_opentsdb);
}
BENCHMARK(BM_ParseOpenTsdb);

void BM_ParsePrometheus(benchmark::State& state) {
    run(state, lines("disk_iotime{dev=\"sd%d\",part=\"%d\"} %d %d000\n"), niamd::metrics::parse_prometheus);
}
BENCHMARK(BM_ParsePrometheus);

void BM_SystemCollection(benchmark::State& state) {
    niamd::metrics::SystemCollector collector;
    double now = 0;
    std::size_t samples = 0;
    for (auto _ : state) {
        const auto out = collector.collect(now += 60);
        samples = out.size();
        benchmark::DoNotOptimize(out.data());
    }
    state.counters["samples"] = static_cast<double>(samples);
}
BENCHMARK(BM_SystemCollection)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
