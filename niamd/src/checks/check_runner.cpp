#include "checks/check_runner.hpp"

#include <awsrest/request.hpp>

#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "checks/check.hpp"
#include "checks/check_factory.hpp"
#include "checks/perfdata_metrics.hpp"
#include "log/log.hpp"
#include "protocol/limits.hpp"

namespace niamd::checks {
namespace {

using Clock = std::chrono::steady_clock;

// What the round's threads share; it outlives run_checks when a check is abandoned.
struct Round {
    std::mutex mutex;
    std::condition_variable finished;
    std::vector<std::optional<CheckOutcome>> outcomes;
    std::size_t running = 0;
};

// Whatever happens, no joinable std::thread is destroyed (that would terminate).
struct ThreadsLeftRunning {
    std::vector<std::thread>& threads;
    ~ThreadsLeftRunning() {
        for (auto& thread : threads) {
            if (thread.joinable()) thread.detach();
        }
    }
};

// Cut to the protocol's field bound, not inside a UTF-8 character.
std::string bounded_field(std::string text) {
    if (text.empty()) return "?";  // the decoder refuses empty targets
    if (text.size() <= protocol::kMaxFieldBytes) return text;
    std::size_t cut = protocol::kMaxFieldBytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text.resize(cut);
    return text;
}

// Port and host of an HTTP spec made without them (the config parser always sets both).
void fill_from_url(const config::CheckSpec& spec, std::string& target, int& port) {
    if (!spec.url.empty() && (spec.port == 0 || target.empty())) {
        if (auto parsed = awsrest::parse_url(spec.url)) {
            if (target.empty()) target = parsed->endpoint.host;
            if (port == 0)
                port = parsed->endpoint.port != 0           ? parsed->endpoint.port
                       : parsed->endpoint.scheme == "https" ? 443
                                                            : 80;
        }
    }
}

CheckOutcome run_guarded(Check& check, std::chrono::milliseconds timeout) {
    try {
        return check.run(timeout);
    } catch (const std::exception& error) {
        return check_unknown(0, std::string("check failed: ") + error.what());
    } catch (...) {
        return check_unknown(0, "check failed");
    }
}

void apply(protocol::Record& record, const CheckOutcome& outcome) {
    record.status = outcome.ok ? 0 : 1;
    record.latency_ms = outcome.latency_ms;
    record.nagios_code = outcome.nagios_code;
    record.output = outcome.output;
}

// Each check's record, followed by the METRIC records of its perfdata.
std::vector<protocol::Record> with_perfdata_metrics(std::vector<protocol::Record> records,
                                                    const std::vector<std::string>& perfdata) {
    std::vector<protocol::Record> all;
    PerfdataMetricCounts counts;
    for (std::size_t i = 0; i < records.size(); ++i) {
        auto metrics = perfdata_metric_records(records[i], perfdata[i], counts);
        all.push_back(std::move(records[i]));
        for (auto& metric : metrics) all.push_back(std::move(metric));
    }
    if (counts.bad_items > 0) {
        log::debug("check round: " + std::to_string(counts.bad_items) + " perfdata item(s) could not be read (" +
                   std::to_string(perfdata_metric_totals().bad_items) + " since start)");
    }
    return all;
}

std::vector<protocol::Record> run_round(const std::vector<config::CheckSpec>& specs, const CheckContext& context,
                                        const CheckMaker& make) {
    std::vector<protocol::Record> records;
    records.reserve(specs.size());
    for (const auto& spec : specs) records.push_back(record_for(spec, context));

    // Each check's own timeout (its timeout= option), else the context's.
    std::vector<std::chrono::milliseconds> timeouts;
    timeouts.reserve(specs.size());
    std::chrono::milliseconds longest{0};
    for (const auto& spec : specs) {
        const std::chrono::seconds own = spec.timeout > 0 ? std::chrono::seconds(spec.timeout) : context.timeout;
        timeouts.push_back(std::max<std::chrono::milliseconds>(own, std::chrono::seconds(1)));
        longest = std::max(longest, timeouts.back());
    }
    const auto deadline = Clock::now() + longest + kAbandonAfterTimeout;
    auto round = std::make_shared<Round>();
    round->outcomes.resize(specs.size());
    std::vector<std::thread> threads(specs.size());
    const ThreadsLeftRunning left_running{threads};
    for (std::size_t i = 0; i < specs.size(); ++i) {
        std::shared_ptr<Check> check = make(specs[i]);
        if (!check) {
            round->outcomes[i] = check_unknown(0, "no check for this kind");
            continue;
        }
        {
            std::lock_guard lock(round->mutex);
            ++round->running;
        }
        try {
            threads[i] = std::thread([round, check, i, timeout = timeouts[i]] {
                CheckOutcome outcome = run_guarded(*check, timeout);
                std::lock_guard lock(round->mutex);
                round->outcomes[i] = std::move(outcome);
                --round->running;
                round->finished.notify_all();
            });
        } catch (const std::exception& error) {  // no thread to be had: report, go on
            std::lock_guard lock(round->mutex);
            round->outcomes[i] = check_unknown(0, std::string("could not start the check: ") + error.what());
            --round->running;
        }
    }

    std::unique_lock lock(round->mutex);
    while (round->running != 0 && Clock::now() < deadline) {
        const auto slice = std::min(deadline, Clock::now() + std::chrono::milliseconds(100));
        round->finished.wait_until(lock, slice, [&round] { return round->running == 0; });
        if (context.stopping && context.stopping()) break;
    }
    std::vector<std::string> perfdata(specs.size());
    for (std::size_t i = 0; i < specs.size(); ++i) {
        if (round->outcomes[i]) {
            apply(records[i], *round->outcomes[i]);
            perfdata[i] = std::move(round->outcomes[i]->perfdata);
            continue;
        }
        const int waited_ms = static_cast<int>((longest + kAbandonAfterTimeout).count());
        const CheckOutcome abandoned =
            check_unknown(waited_ms, "check abandoned: " + timed_out_text(timeouts[i]) + " but did not stop");
        apply(records[i], abandoned);
        log::warning("check " + std::to_string(i + 1) + " (" + records[i].target +
                     ") did not finish in time; abandoned");
    }
    lock.unlock();
    for (std::size_t i = 0; i < threads.size(); ++i) {
        if (!threads[i].joinable()) continue;
        bool done = false;
        {
            std::lock_guard guard(round->mutex);
            done = round->outcomes[i].has_value();
        }
        if (done) {
            threads[i].join();  // it has only its unlock left to do
        } else {
            threads[i].detach();  // it owns what it uses (round, check) and ends on its own
        }
    }
    return with_perfdata_metrics(std::move(records), perfdata);
}

}  // namespace

protocol::Record record_for(const config::CheckSpec& spec, const CheckContext& context) {
    protocol::Record record;
    record.instance = context.instance;
    record.hostname = context.hostname;
    record.time = context.now;
    record.status = 1;
    record.retries = spec.retries;
    record.recover = spec.recover;
    record.flap_changes = spec.flap_changes;
    switch (spec.kind) {
        case config::CheckKind::Ping:
            record.kind = protocol::RecordKind::Lping;
            record.target = bounded_field(spec.target);
            record.port_or_arg = std::to_string(spec.port);
            break;
        case config::CheckKind::Http: {
            std::string target = spec.target;
            int port = spec.port;
            fill_from_url(spec, target, port);
            record.kind = protocol::RecordKind::Http;
            record.target = bounded_field(std::move(target));
            record.port_or_arg = std::to_string(port);
            break;
        }
        case config::CheckKind::Script: {
            std::string joined;
            for (const auto& arg : spec.args) {
                if (!joined.empty()) joined += ' ';
                joined += arg;
            }
            record.kind = protocol::RecordKind::Script;
            record.target = bounded_field(spec.script);
            record.port_or_arg = joined.empty() ? joined : bounded_field(std::move(joined));
            break;
        }
    }
    return record;
}

std::vector<protocol::Record> run_checks(const std::vector<config::CheckSpec>& specs, const CheckContext& context) {
    const std::filesystem::path& scripts_dir = context.scripts_dir;
    return run_checks(specs, context,
                      [&scripts_dir](const config::CheckSpec& spec) { return make_check(spec, scripts_dir); });
}

std::vector<protocol::Record> run_checks(const std::vector<config::CheckSpec>& specs, const CheckContext& context,
                                         const CheckMaker& make) {
    try {
        return run_round(specs, context, make);
    } catch (const std::exception& error) {
        log::error(std::string("check round failed: ") + error.what());
    } catch (...) {
        log::error("check round failed");
    }
    try {
        std::vector<protocol::Record> records;
        for (const auto& spec : specs) {
            records.push_back(record_for(spec, context));
            records.back().nagios_code = kPluginUnknown;
            records.back().latency_ms = 0;
            records.back().output = "check round failed";
        }
        return records;
    } catch (...) {
        return {};
    }
}

}  // namespace niamd::checks
