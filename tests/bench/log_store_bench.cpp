// Log lines into the history store and searches over them, SQLite in a temporary file the
// real way (WAL, synchronous=FULL, the FTS5 index written with the batch in the same
// transaction).
//
// BM_StoreLogLines: batches of 10,000 lines (100 hosts x 100 lines, sshd / nginx / kernel
// like text of ~90 bytes) committed one transaction each into a store that grows as it
// runs; items_per_second is lines/s (target >= 100,000).
//   build/tests/bench/log_store_bench --benchmark_filter=BM_StoreLogLines
// BM_SearchLogLines/<case>: one /api/logs query (a page of 100, newest first) over a store
// of 10,000,000 lines of 20 hosts over 7 days, built once per run in a temporary file (or
// reused from NIAM_LOG_BENCH_DB when that file exists; build_seconds says how long the
// build took, 0 when reused). Cases: rare (a word in one line of each host: 20 lines), common (a word in 1
// of 250), two_words (two such words), newest (no words), source (no words, one source),
// frequent (a word in every 10th line: 1,000,000 matches). Target: < 200 ms.
//   build/tests/bench/log_store_bench --benchmark_filter=BM_SearchLogLines
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <unistd.h>

#include "log/log.hpp"
#include "store/sqlite_store.hpp"

namespace {

namespace fs = std::filesystem;
using namespace niamd::store;

constexpr std::int64_t kStart = 1700000000;
constexpr std::size_t kVocabulary = 250;  // common words: each in 1 line of ~250 (one word a line)

struct TempDir {
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "niam-log-bench-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) std::abort();
        path = pattern;
    }
    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
    fs::path path;
};

std::string host_name(std::size_t h) { return "web-" + std::to_string(h) + ".example.internal"; }

// Line n of a host: deterministic text, ~90 bytes. Every line has one common word
// ("wordK", K = n % 250), every 10th the word "frequent", every 10,000th "rareNNN".
LogLineRow make_line(std::size_t host, std::int64_t seq, std::int64_t time, std::mt19937_64& random) {
    LogLineRow row;
    row.hostname = host_name(host);
    row.instance = "i-0" + std::to_string(1000000000000000 + host);
    row.seq = seq;
    row.time = time;
    const auto n = static_cast<std::uint64_t>(seq);
    const std::string word = "word" + std::to_string((n * 7919 + host) % kVocabulary);
    const std::string extra =
        (n % 10 == 0 ? " frequent" : "") + (n % 10000 == 5 ? " rare" + std::to_string(n / 10000) : std::string());
    switch (n % 3) {
        case 0:
            row.source = "/var/log/auth.log";
            row.line = "sshd[" + std::to_string(1000 + random() % 30000) + "]: Failed password for " + word +
                       " from 10." + std::to_string(random() % 256) + "." + std::to_string(random() % 256) +
                       ".7 port " + std::to_string(random() % 65536) + " ssh2" + extra;
            break;
        case 1:
            row.source = "docker:nginx";
            row.stream = "stdout";
            row.line = "10.0.0." + std::to_string(random() % 256) + " - - \"GET /api/v1/items/" +
                       std::to_string(random() % 100000) + " HTTP/1.1\" 200 " + std::to_string(random() % 9000) +
                       " \"" + word + "\"" + extra;
            break;
        default:
            row.source = "journal";
            row.line = "kernel: [" + std::to_string(random() % 900000) + ".123] eth0: link " + word + " speed " +
                       std::to_string(random() % 10000) + " Mbps" + extra;
    }
    return row;
}

std::unique_ptr<HistoryStore> open_or_die(const fs::path& file) {
    auto store = open_sqlite_store(file);
    if (!store) {
        fprintf(stderr, "%s\n", store.error().describe().c_str());
        std::abort();
    }
    return std::move(store.value());
}

void BM_StoreLogLines(benchmark::State& state) {
    niamd::log::set_level(niamd::log::Level::Error);
    TempDir dir;
    auto store = open_or_die(dir.path / "niam.db");
    std::mt19937_64 random(1);
    std::int64_t seq = 0;
    std::int64_t time = kStart;
    std::vector<LogLineRow> lines;
    for (auto _ : state) {
        state.PauseTiming();
        Batch batch;
        batch.log_lines.reserve(10000);
        ++time;
        for (std::size_t h = 0; h < 100; ++h) {
            for (int i = 0; i < 100; ++i) batch.log_lines.push_back(make_line(h, seq + i + 1, time, random));
        }
        seq += 100;
        state.ResumeTiming();
        if (auto committed = store->commit(batch); !committed || batch.log_outcome.lines_stored != 10000) {
            state.SkipWithError("commit failed or stored fewer lines");
            break;
        }
    }
    state.SetItemsProcessed(state.iterations() * 10000);
}
BENCHMARK(BM_StoreLogLines)->Unit(benchmark::kMillisecond)->MinTime(5);

constexpr std::size_t kSearchHosts = 20;
constexpr std::size_t kSearchLines = 10000000;

struct SearchStore {
    std::unique_ptr<TempDir> dir;
    fs::path file;
    double build_seconds = 0;
    std::unique_ptr<HistoryStore> store;
};

SearchStore& search_store() {
    static SearchStore built = [] {
        niamd::log::set_level(niamd::log::Level::Error);
        SearchStore s;
        const char* kept = std::getenv("NIAM_LOG_BENCH_DB");
        if (kept != nullptr && fs::exists(kept)) {
            s.file = kept;
            s.store = open_or_die(s.file);
            return s;
        }
        if (kept != nullptr) {
            s.file = kept;
        } else {
            s.dir = std::make_unique<TempDir>();
            s.file = s.dir->path / "niam.db";
        }
        s.store = open_or_die(s.file);
        const auto began = std::chrono::steady_clock::now();
        std::mt19937_64 random(2);
        const std::size_t per_host = kSearchLines / kSearchHosts;
        constexpr std::size_t kBatch = 20000;  // lines a commit: 1,000 of each of the 20 hosts
        const double seconds_per_line = 7.0 * 86400 / static_cast<double>(per_host);
        for (std::size_t first = 0; first < per_host; first += kBatch / kSearchHosts) {
            Batch batch;
            batch.log_lines.reserve(kBatch);
            for (std::size_t h = 0; h < kSearchHosts; ++h) {
                for (std::size_t i = first; i < first + kBatch / kSearchHosts && i < per_host; ++i) {
                    const auto time = kStart + static_cast<std::int64_t>(static_cast<double>(i) * seconds_per_line);
                    batch.log_lines.push_back(make_line(h, static_cast<std::int64_t>(i + 1), time, random));
                }
            }
            if (auto committed = s.store->commit(batch); !committed) {
                fprintf(stderr, "build: %s\n", committed.error().describe().c_str());
                std::abort();
            }
        }
        s.build_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
        fprintf(stderr, "built %zu lines in %.1f s\n", kSearchLines, s.build_seconds);
        return s;
    }();
    return built;
}

void search(benchmark::State& state, const std::string& text, const std::string& source) {
    SearchStore& s = search_store();
    LogQuery query;
    query.hostname = host_name(7);
    query.instance = "i-0" + std::to_string(1000000000000000 + 7);
    query.text = text;
    query.source = source;
    query.since = 0;
    query.until = std::numeric_limits<std::int64_t>::max();
    query.limit = 100;
    std::size_t found = 0;
    for (auto _ : state) {
        auto page = s.store->log_lines(query);
        if (!page) {
            state.SkipWithError(page.error().message.c_str());
            break;
        }
        found = page->lines.size();
        benchmark::DoNotOptimize(page->lines.data());
    }
    state.counters["lines_returned"] = static_cast<double>(found);
    state.counters["stored_lines"] = static_cast<double>(kSearchLines);
    state.counters["build_seconds"] = s.build_seconds;
}

BENCHMARK_CAPTURE(search, rare, std::string("rare42"), std::string())
    ->Name("BM_SearchLogLines/rare")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(search, common, std::string("word17"), std::string())
    ->Name("BM_SearchLogLines/common")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(search, two_words, std::string("word17 failed"), std::string())
    ->Name("BM_SearchLogLines/two_words")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(search, newest, std::string(), std::string())
    ->Name("BM_SearchLogLines/newest")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(search, source, std::string(), std::string("journal"))
    ->Name("BM_SearchLogLines/source")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(search, frequent, std::string("frequent"), std::string())
    ->Name("BM_SearchLogLines/frequent")
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
