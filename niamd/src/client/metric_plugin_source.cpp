#include "client/metric_plugin_source.hpp"

#include <chrono>
#include <exception>
#include <optional>
#include <thread>

#include "metrics/plugin_output.hpp"
#include "checks/plugin_process.hpp"
#include "log/log.hpp"
#include "metrics/metric_output.hpp"
#include "process/running_children.hpp"
#include "protocol/limits.hpp"
#include "protocol/metric_record.hpp"

namespace niamd::client {

struct MetricPluginSource::Outcome {
    bool stopped = false;  // killed because the daemon stops: nothing to tell
    bool failed = false;   // not started, timed out, exit code > 3, signal: no samples
    std::string problem;   // empty: the run gave samples (some lines may be bad)
    metrics::ParsedMetrics parsed;
};

namespace {

std::string line_problem(const metrics::ParsedMetrics& parsed, metrics::MetricFormat format) {
    // Perfdata is read as items, not lines (metric_output.hpp).
    std::string text = (format == metrics::MetricFormat::Perfdata ? "item " : "line ") +
                       std::to_string(parsed.first_bad_line) + ": " + parsed.first_bad_reason;
    if (parsed.bad > 1) {
        text += " (" + std::to_string(parsed.bad) + " bad " +
                (format == metrics::MetricFormat::Perfdata ? "items" : "lines") + " in this run)";
    }
    return text;
}

std::string exit_problem(const std::string& shown, int exit_code) {
    if (exit_code < 0) return shown + " was killed by signal " + std::to_string(-exit_code) + "; no samples taken";
    return shown + " exited with code " + std::to_string(exit_code) + " (not 0-3); no samples taken";
}

}  // namespace

std::string metric_plugin_detail(const config::MetricPluginSpec& spec) {
    std::string detail = spec.plugin;
    for (const auto& arg : spec.args) detail += " " + arg;
    if (detail.size() > protocol::kMaxFieldBytes) {
        std::size_t cut = protocol::kMaxFieldBytes;
        while (cut > 0 && (static_cast<unsigned char>(detail[cut]) & 0xC0) == 0x80) --cut;
        detail.resize(cut);
    }
    return detail;
}

MetricPluginSource::MetricPluginSource(ClientIdentity identity, const ConfigSource& config,
                                       std::filesystem::path scripts_dir, std::function<bool()> stop_requested)
    : identity_(std::move(identity)),
      config_(config),
      scripts_dir_(std::move(scripts_dir)),
      stop_requested_(std::move(stop_requested)) {}

std::int64_t MetricPluginSource::next_due(std::int64_t now) const {
    const auto& config = config_.config();
    // A plugin dropped from the config still has its open problem to close: one more run.
    if (config.metrics <= 0 || (config.metric_plugins.empty() && problems_.empty())) return kNever;
    if (!ran_) return now;
    return last_ + config.metrics;
}

MetricPluginSource::Outcome MetricPluginSource::run_one(const config::MetricPluginSpec& spec,
                                                        std::chrono::milliseconds timeout) const {
    Outcome outcome;
    const std::string shown = checks::shown_program("metric plugin", spec.plugin);
    if (!checks::is_plain_script_name(spec.plugin)) {
        outcome.failed = true;
        outcome.problem = shown + " refused: must be a plain file name (no '/', no '..')";
        return outcome;
    }
    const checks::PluginProgram program{scripts_dir_ / spec.plugin, spec.args, "metric plugin", spec.plugin};
    checks::PluginRun run = checks::run_plugin(program, timeout, stop_requested_);
    if (run.ending == checks::PluginEnding::Stopped) {
        outcome.stopped = true;
        return outcome;
    }
    if (run.ending != checks::PluginEnding::Exited) {
        outcome.failed = true;
        outcome.problem = std::move(run.problem);
        return outcome;
    }
    if (run.exit_code < 0 || run.exit_code > metrics::kPluginUnknown) {
        outcome.failed = true;
        outcome.problem = exit_problem(shown, run.exit_code);
        return outcome;
    }
    const auto format = spec.format.value_or(metrics::detect_metric_format(run.stdout_text));
    outcome.parsed = metrics::parse_metric_output(run.stdout_text, format);
    if (outcome.parsed.bad > 0) outcome.problem = line_problem(outcome.parsed, format);
    return outcome;
}

std::vector<protocol::Record> MetricPluginSource::collect(std::int64_t now) {
    last_ = now;
    ran_ = true;
    const auto& config = config_.config();
    const std::vector<config::MetricPluginSpec> plugins = config.metric_plugins;  // a reload may replace them
    const std::chrono::milliseconds timeout = std::chrono::seconds(std::max(config.timeout, 1));

    std::vector<std::optional<Outcome>> outcomes(plugins.size());
    {
        std::vector<std::thread> threads;
        threads.reserve(plugins.size());
        for (std::size_t i = 0; i < plugins.size(); ++i) {
            try {
                threads.emplace_back(
                    [this, &plugins, &outcomes, i, timeout] { outcomes[i] = run_one(plugins[i], timeout); });
            } catch (const std::exception& error) {  // no thread to be had: run it here
                log::warning(std::string("metric plugins: no thread (") + error.what() + "), running in turn");
                outcomes[i] = run_one(plugins[i], timeout);
            }
        }
        for (auto& thread : threads) thread.join();  // each run ends within its timeout
    }
    process::sweep_leftovers();

    std::vector<protocol::Record> records;
    std::map<std::string, Reported> still_configured;
    std::size_t kept = 0;
    for (std::size_t i = 0; i < plugins.size(); ++i) {
        const std::string detail = metric_plugin_detail(plugins[i]);
        auto node = problems_.extract(detail);
        if (node) {
            still_configured.insert(std::move(node));
        } else {
            still_configured.try_emplace(detail);
        }
        Reported& reported = still_configured.find(detail)->second;
        Outcome& outcome = *outcomes[i];
        if (outcome.stopped) continue;
        ++counts_.runs;
        if (outcome.failed) ++counts_.failed_runs;
        counts_.bad_lines += outcome.parsed.bad;
        counts_.skipped += outcome.parsed.skipped;
        counts_.dropped += outcome.parsed.dropped;
        for (const auto& sample : outcome.parsed.samples) {
            if (kept >= kMaxPluginSamplesPerRun) {
                ++counts_.dropped;
                continue;
            }
            records.push_back(protocol::metric_record(identity_.instance, identity_.hostname, sample, now));
            ++kept;
        }
        if (outcome.parsed.dropped > 0) {
            log::warning("metric plugin " + detail + ": " + std::to_string(outcome.parsed.dropped) +
                         " sample(s) past the bound of " + std::to_string(metrics::kMaxSamplesPerOutput) + " dropped");
        }
        const std::string resolved =
            "output read without errors (" + std::to_string(outcome.parsed.samples.size()) + " sample(s))";
        if (auto record = reported.report.record(identity_, now, outcome.problem, resolved)) {
            record->port_or_arg = detail;
            records.push_back(std::move(*record));
        }
        if (outcome.problem != reported.last_logged) {  // a problem is logged when it starts or changes
            if (!outcome.problem.empty()) log::warning("metric plugin " + detail + ": " + outcome.problem);
            reported.last_logged = outcome.problem;
        }
    }
    if (kept >= kMaxPluginSamplesPerRun) {
        log::warning("metric plugins: more than " + std::to_string(kMaxPluginSamplesPerRun) +
                     " samples in one run; the rest dropped (" + std::to_string(counts_.dropped) + " since start)");
    }
    // Plugins no longer configured: an open problem is closed, then forgotten.
    for (auto& [detail, reported] : problems_) {
        if (auto record = reported.report.record(identity_, now, "", "metric plugin no longer configured")) {
            record->port_or_arg = detail;
            records.push_back(std::move(*record));
        }
    }
    counts_.samples += kept;
    problems_ = std::move(still_configured);
    return records;
}

}  // namespace niamd::client
