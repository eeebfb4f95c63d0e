// The master's LOG_ALERT rules:
//   build/tests/bench/log_rules_bench   (a Release build with -DNIAM_BENCH=ON)
// - BM_LogRulesLines/literal: 10 LOG_ALERT rules of plain words (searched as literals) over
//   10,000 distinct typical log lines (80-200 bytes), one in 100 matching one rule;
//   items/s = lines per second through all 10 rules.
// - BM_LogRulesLines/regex: the same with 10 regex rules (alternations, classes, anchors,
//   one /i), matched by glibc's regexec on each line.
// - BM_LogRulesLongLines: the 10 regex rules on 64 KiB lines (each matched on its first 4 KiB).
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "config/config_parser.hpp"
#include "master/log_rules.hpp"

namespace {

constexpr int kLines = 10000;

const char* const kLiteralRules =
    "ROLE=master\n"
    "LOG_ALERT r0 /Out of memory/\nLOG_ALERT r1 /segfault at/\nLOG_ALERT r2 /Traceback/\n"
    "LOG_ALERT r3 /FATAL/\nLOG_ALERT r4 /panic:/\nLOG_ALERT r5 /Connection refused/\n"
    "LOG_ALERT r6 /disk full/\nLOG_ALERT r7 /deadlock detected/\nLOG_ALERT r8 /certificate expired/\n"
    "LOG_ALERT r9 /killed process/\n";

const char* const kRegexRules =
    "ROLE=master\n"
    "LOG_ALERT r0 /Out of memory: Killed process [0-9]+/\nLOG_ALERT r1 /segfault at [0-9a-f]+ ip/\n"
    "LOG_ALERT r2 /^Traceback \\(most recent call last\\)/\nLOG_ALERT r3 /(FATAL|CRITICAL|EMERG)/\n"
    "LOG_ALERT r4 /panic: .*goroutine/\nLOG_ALERT r5 /Connection (refused|reset) by/\n"
    "LOG_ALERT r6 /No space left on device/i\nLOG_ALERT r7 /deadlock detected/\n"
    "LOG_ALERT r8 /HTTP\\/1\\.[01]\" 5[0-9][0-9] /\nLOG_ALERT r9 /user [a-z]+ locked out/\n";

std::vector<niamd::protocol::LogLine> typical_lines(std::size_t pad) {
    std::vector<niamd::protocol::LogLine> lines;
    lines.reserve(kLines);
    for (int i = 0; i < kLines; ++i) {
        niamd::protocol::LogLine line;
        line.source = "nginx";
        line.seq = static_cast<std::uint64_t>(i);
        line.time = 1700000000 + i / 100;
        line.line = "203.0.113." + std::to_string(i % 250) + " - - [14/Nov/2023:22:13:20 +0000] \"GET /api/v1/items/" +
                    std::to_string(i * 7919) + " HTTP/1.1\" " + (i % 100 == 0 ? "503" : "200") + " " +
                    std::to_string(512 + i % 4096) + " \"-\" \"Mozilla/5.0 (X11; Linux x86_64)\"" +
                    (i % 100 == 50 ? " FATAL deadlock detected" : "");
        if (pad > 0) line.line.append(pad, 'x');
        lines.push_back(std::move(line));
    }
    return lines;
}

void run(benchmark::State& state, const char* rules_text, std::size_t pad) {
    const auto parsed = niamd::config::parse_config(rules_text, "bench");
    if (!parsed.problems.empty() || parsed.config.log_rules.size() != 10) {
        state.SkipWithError("the rules do not parse");
        return;
    }
    niamd::master::LogRules rules(parsed.config);
    const auto lines = typical_lines(pad);
    const niamd::store::HostKey host{"web1", "i-0abc"};
    std::size_t alerts = 0;
    for (auto _ : state) {
        for (const auto& line : lines) alerts += rules.apply_line(host, line, line.time).size();
        benchmark::DoNotOptimize(alerts);
    }
    state.SetItemsProcessed(state.iterations() * kLines);
    state.counters["alerts"] = static_cast<double>(alerts);
}

void BM_LogRulesLines(benchmark::State& state) { run(state, state.range(0) == 0 ? kLiteralRules : kRegexRules, 0); }
BENCHMARK(BM_LogRulesLines)->Arg(0)->Arg(1)->ArgName("regex")->Unit(benchmark::kMillisecond);

void BM_LogRulesLongLines(benchmark::State& state) { run(state, kRegexRules, 64 * 1024); }
BENCHMARK(BM_LogRulesLongLines)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
