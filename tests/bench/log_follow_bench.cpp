// Following files (niamd/src/follow): BM_FollowLines — lines/s from one file into LOG records
// (120-byte lines, read in LOG_RATE-free polls); BM_FollowLinesIntoOutbox — the same lines
// into the client's real outbox (STATE_DIR/spool, each append of 10,000 records written and
// fsynced: issue #13's ">= 50,000 lines/s from one file into the outbox"); BM_IdleFollowedFiles — one second's poll of
// 1,000 followed files with nothing new (the CPU a second costs), with the memory the 1,000
// take (rss_kib_added, from /proc/self/statm before and after they were opened;
// heap_bytes_per_file, from glibc's mallinfo2) and one descriptor each.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <malloc.h>
#include <sys/resource.h>
#include <unistd.h>

#include "client/outbox.hpp"
#include "follow/followed_file.hpp"
#include "protocol/log_record.hpp"
#include "protocol/record_encoder.hpp"

namespace {

std::filesystem::path make_dir(const char* prefix) {
    std::string pattern = (std::filesystem::temp_directory_path() / (std::string(prefix) + "-XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr) std::abort();
    return pattern;
}

// Heap bytes in use (glibc): the memory the followed files hold, whatever the heap had free.
double heap_kib() { return static_cast<double>(::mallinfo2().uordblks) / 1024.0; }

long rss_kib() {
    long pages = 0;
    long resident = 0;
    if (std::FILE* f = std::fopen("/proc/self/statm", "r")) {
        if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
        std::fclose(f);
    }
    return resident * (::sysconf(_SC_PAGESIZE) / 1024);
}

void BM_FollowLines(benchmark::State& state) {
    const auto dir = make_dir("niam-follow-bench");
    const auto path = dir / "app.log";
    const std::size_t lines = 100000;
    {
        std::ofstream out(path, std::ios::binary);
        const std::string body(100, 'x');
        for (std::size_t i = 0; i < lines; ++i)
            out << "2026-12-03T12:00:00Z app[123]: " << i << ' ' << body.substr(0, 80) << '\n';
    }
    std::size_t bytes = 0;
    for (auto _ : state) {
        niamd::follow::FollowedFile file("app", path, 16 * 1024);
        file.begin(std::nullopt, false, 1, 1700000000);
        auto batch = file.poll(lines, 1700000000);
        for (const auto& line : batch.lines) {
            const auto record = niamd::protocol::log_record("i-0abc", "web1", line);
            bytes += niamd::protocol::encode_record(record).size();
        }
        if (batch.lines.size() != lines) state.SkipWithError("not every line was read");
        file.commit();
    }
    benchmark::DoNotOptimize(bytes);
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * lines));
    std::filesystem::remove_all(dir);
}
BENCHMARK(BM_FollowLines)->Unit(benchmark::kMillisecond);

void BM_FollowLinesIntoOutbox(benchmark::State& state) {
    const auto dir = make_dir("niam-follow-outbox");
    const auto path = dir / "app.log";
    const std::size_t lines = 100000;
    const std::size_t per_append = 10000;
    {
        std::ofstream out(path, std::ios::binary);
        const std::string body(100, 'x');
        for (std::size_t i = 0; i < lines; ++i)
            out << "2026-12-03T12:00:00Z app[123]: " << i << ' ' << body.substr(0, 80) << '\n';
    }
    niamd::client::Outbox outbox(dir / "spool", std::size_t{1} << 30);
    for (auto _ : state) {
        niamd::follow::FollowedFile file("app", path, 16 * 1024);
        file.begin(std::nullopt, false, 1, 1700000000);
        std::size_t read = 0;
        while (read < lines) {
            auto batch = file.poll(per_append, 1700000000);
            if (batch.lines.empty()) break;
            std::vector<niamd::protocol::Record> records;
            records.reserve(batch.lines.size());
            for (const auto& line : batch.lines) records.push_back(niamd::protocol::log_record("i-0abc", "web1", line));
            if (!outbox.append(records)) {
                state.SkipWithError("the outbox refused the lines");
                break;
            }
            file.commit();
            read += batch.lines.size();
        }
        if (read != lines) state.SkipWithError("not every line was read");
        state.PauseTiming();  // delivery's part, not the follower's
        outbox.forget(0, outbox.size());
        (void)outbox.sync();
        state.ResumeTiming();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * lines));
    std::filesystem::remove_all(dir);
}
BENCHMARK(BM_FollowLinesIntoOutbox)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_IdleFollowedFiles(benchmark::State& state) {
    const auto count = static_cast<std::size_t>(state.range(0));
    rlimit limit{};
    ::getrlimit(RLIMIT_NOFILE, &limit);
    if (limit.rlim_cur < count + 64) {
        limit.rlim_cur = std::min<rlim_t>(limit.rlim_max, count + 64);
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
    const auto dir = make_dir("niam-follow-idle");
    for (std::size_t i = 0; i < count; ++i) {
        std::ofstream(dir / ("f" + std::to_string(i) + ".log")) << "a line already there\n";
    }
    const long before = rss_kib();
    const double heap_before = heap_kib();
    std::vector<std::unique_ptr<niamd::follow::FollowedFile>> files;
    for (std::size_t i = 0; i < count; ++i) {
        files.push_back(std::make_unique<niamd::follow::FollowedFile>(
            "f" + std::to_string(i), dir / ("f" + std::to_string(i) + ".log"), 16 * 1024));
        files.back()->begin(std::nullopt, true, 1, 1700000000);
    }
    const long after = rss_kib();
    const double heap_after = heap_kib();
    std::size_t lines = 0;
    for (auto _ : state) {
        for (auto& file : files) {
            lines += file->poll(1000, 1700000001).lines.size();
            file->commit();
        }
    }
    if (lines != 0) state.SkipWithError("an idle file gave lines");
    state.counters["rss_kib_added"] = static_cast<double>(after - before);  // for all `count` files
    state.counters["heap_bytes_per_file"] = (heap_after - heap_before) * 1024.0 / static_cast<double>(count);
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * count));
    files.clear();
    std::filesystem::remove_all(dir);
}
BENCHMARK(BM_IdleFollowedFiles)->Arg(1000)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
