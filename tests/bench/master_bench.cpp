// The master's speed:
//   build/tests/bench/master_bench   (a Release build with -DNIAM_BENCH=ON)
// - BM_MasterRecordsToSqlite/M: queue messages (one client cycle each: PING, LPING, HTTP,
//   SCRIPT) decoded, applied to the registry and check states, and committed to a real
//   SQLite file, M messages per round (10 = one ReceiveMessage). items/s = records/s.
// - BM_MasterTick/N: one staleness tick with N healthy hosts (none due): flat in N.
// - BM_MasterTickDue/N: a tick where one host of N falls due (MISSING) and then PINGs again.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <awsrest/sqs.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "log/log.hpp"
#include "master/host_registry.hpp"
#include "master/monitor.hpp"
#include "protocol/record_encoder.hpp"
#include "store/open_store.hpp"

namespace {

constexpr int kHosts = 1000;
constexpr std::int64_t kStart = 1700000000;

niamd::config::HostConfig master_config() {
    niamd::config::HostConfig config;
    config.role = niamd::config::Role::Master;
    return config;
}

// One client cycle of host `h` at `time`, as the client encodes it.
std::string cycle(int h, std::int64_t time) {
    const std::string instance = "i-" + std::to_string(100000000000000000LL + h);
    const std::string host = "web-" + std::to_string(h) + ".example.internal";
    std::vector<niamd::protocol::Record> records;
    niamd::protocol::Record r;
    r.instance = instance;
    r.hostname = host;
    r.time = time;
    records.push_back(r);
    r.kind = niamd::protocol::RecordKind::Lping;
    r.target = "db1.internal";
    r.port_or_arg = "5432";
    r.latency_ms = 1;
    records.push_back(r);
    r.kind = niamd::protocol::RecordKind::Http;
    r.target = "www.example.org";
    r.port_or_arg = "443";
    r.latency_ms = 87;
    r.nagios_code = 0;
    r.output = "HTTP OK: HTTP/1.1 200 OK - 1234 bytes in 0.087 second response time";
    records.push_back(r);
    r.kind = niamd::protocol::RecordKind::Script;
    r.target = "check_disk";
    r.port_or_arg = "-w 20% -c 10% -p /";
    r.output = "DISK OK - free space: / 3326 MB (56%);";
    records.push_back(r);
    return niamd::protocol::encode_messages(records)[0];
}

void BM_MasterRecordsToSqlite(benchmark::State& state) {
    const auto messages_per_round = static_cast<int>(state.range(0));
    niamd::log::set_level(niamd::log::Level::Warning);  // no "new host" lines
    const auto dir = std::filesystem::temp_directory_path() / ("niam-bench-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    auto store = niamd::store::open_store(std::nullopt, dir);
    if (!store) {
        state.SkipWithError(store.error().describe().c_str());
        return;
    }
    niamd::master::Monitor monitor(**store, master_config());
    if (!monitor.load(kStart)) std::abort();
    monitor.queue_read(kStart);
    std::int64_t time = kStart;
    int next_host = 0;
    std::int64_t id = 0;
    std::int64_t records = 0;
    for (auto _ : state) {
        state.PauseTiming();
        std::vector<awsrest::SqsMessage> round;
        for (int m = 0; m < messages_per_round; ++m) {
            if (next_host == kHosts) {
                next_host = 0;
                ++time;
            }
            awsrest::SqsMessage message;
            message.message_id = "m-" + std::to_string(++id);
            message.receipt_handle = "r-" + std::to_string(id);
            message.body = cycle(next_host++, time);
            round.push_back(std::move(message));
        }
        state.ResumeTiming();
        monitor.apply(round, time);
        monitor.tick(time);
        auto committed = monitor.commit();
        if (!committed) {
            state.SkipWithError(committed.error().describe().c_str());
            break;
        }
        records += 4 * messages_per_round;
    }
    state.SetItemsProcessed(records);
    store->reset();
    std::filesystem::remove_all(dir);
}
BENCHMARK(BM_MasterRecordsToSqlite)->Arg(10)->Arg(100)->Unit(benchmark::kMillisecond)->UseRealTime();

niamd::master::HostRegistry healthy_registry(int hosts, std::int64_t now) {
    niamd::master::HostRegistry registry({120, 600});
    for (int h = 0; h < hosts; ++h) {
        registry.ping({"web-" + std::to_string(h), "i-" + std::to_string(h)}, now, now);
    }
    return registry;
}

void BM_MasterTick(benchmark::State& state) {
    const auto hosts = static_cast<int>(state.range(0));
    auto registry = healthy_registry(hosts, kStart);
    const niamd::master::InstanceStates instances;
    std::vector<niamd::store::HostRow> changed;
    for (auto _ : state) {
        auto events = registry.expire(kStart + 60, instances, changed);
        benchmark::DoNotOptimize(events);
    }
}
BENCHMARK(BM_MasterTick)->Arg(1000)->Arg(10000)->Arg(100000);

void BM_MasterTickDue(benchmark::State& state) {
    const auto hosts = static_cast<int>(state.range(0));
    // Host h last heard at kStart + h: deadlines one second apart, so each tick below finds
    // exactly one host due, which then PINGs again (outside the timing).
    niamd::master::HostRegistry registry({120, 600});
    for (int h = 0; h < hosts; ++h) {
        registry.ping({"web-" + std::to_string(h), "i-" + std::to_string(h)}, kStart + h, kStart + h);
    }
    const niamd::master::InstanceStates instances;
    std::vector<niamd::store::HostRow> changed;
    std::int64_t now = kStart + 120;
    int h = 0;
    for (auto _ : state) {
        auto events = registry.expire(now, instances, changed);
        if (events.size() != 1) std::abort();
        state.PauseTiming();
        changed.clear();
        // Heard so that its next deadline comes right after the last one: one due per tick.
        registry.ping({"web-" + std::to_string(h), "i-" + std::to_string(h)}, now, now - 120 + hosts);
        h = (h + 1) % hosts;
        ++now;
        state.ResumeTiming();
    }
}
BENCHMARK(BM_MasterTickDue)->Arg(1000)->Arg(10000)->Arg(100000);

}  // namespace
BENCHMARK_MAIN();
