#include "client/client.hpp"

#include <chrono>

#include "checks/check_runner.hpp"
#include "checks/script_check.hpp"
#include "client/reload_schedule.hpp"
#include "daemon/signals.hpp"
#include "log/log.hpp"
#include "protocol/message_signature.hpp"
#include "protocol/record_encoder.hpp"

namespace niamd::client {
namespace {

std::int64_t unix_seconds(awsrest::TimePoint time) {
    return std::chrono::duration_cast<std::chrono::seconds>(time.time_since_epoch()).count();
}

}  // namespace

Client::Client(ClientIdentity identity, std::filesystem::path scripts_dir, ConfigSource& config, ScriptSync* scripts,
               Delivery& delivery, awsrest::Clock& clock, int config_refresh_seconds)
    : identity_(std::move(identity)),
      scripts_dir_(std::move(scripts_dir)),
      config_(config),
      scripts_(scripts),
      delivery_(delivery),
      clock_(clock),
      config_refresh_seconds_(config_refresh_seconds) {}

void Client::reload() {
    config_.refresh();
    if (scripts_ != nullptr) scripts_->sync();
}

DeliveryReport Client::run_cycle() {
    const auto& config = config_.config();
    const std::int64_t now = unix_seconds(clock_.now());
    std::vector<protocol::Record> records;
    records.reserve(config.checks.size() + 2);
    protocol::Record ping;
    ping.instance = identity_.instance;
    ping.hostname = identity_.hostname;
    ping.kind = protocol::RecordKind::Ping;
    ping.time = now;
    records.push_back(std::move(ping));
    const std::string accepted = "config from " + config_.source() + " accepted";
    if (auto problem = config_problem_.record(identity_, now, config_.refusal(), accepted)) {
        records.push_back(std::move(*problem));
    }
    if (!config.checks.empty()) {
        checks::CheckContext context{identity_.instance, identity_.hostname, scripts_dir_,
                                     std::chrono::seconds(config.timeout), now, [] { return daemon::stop_requested(); }};
        for (auto& record : checks::run_checks(config.checks, context)) records.push_back(std::move(record));
        // Stopped mid-round: abandoned checks would read as failures on the master. The
        // cycle is dropped whole; the next start begins a fresh one.
        if (daemon::stop_requested()) return {};
    }
    checks::sweep_plugin_leftovers();  // what this round's plugins left behind
    // A signed message carries one more line; the body and it together stay within SQS's limit.
    const std::size_t max_bytes =
        config.hmac_key.empty() ? protocol::kMaxMessageBytes : protocol::kMaxMessageBytes - protocol::kSignatureLineBytes;
    auto report = delivery_.deliver(protocol::encode_messages(records, max_bytes));
    log::debug("cycle: " + std::to_string(records.size()) + " record(s), " + std::to_string(report.sent) +
               " message(s) sent, " + std::to_string(report.spooled) + " spooled");
    return report;
}

DeliveryReport Client::run(bool once) {
    using namespace std::chrono;
    if (scripts_ != nullptr) scripts_->sync();  // the config itself was read at start
    ReloadSchedule schedule(clock_.now(), seconds(config_refresh_seconds_));
    DeliveryReport last;
    while (!daemon::stop_requested()) {
        const auto cycle_start = clock_.now();
        last = run_cycle();
        if (once) return last;
        while (!daemon::stop_requested()) {
            const auto next_cycle = cycle_start + seconds(config_.config().interval);  // a reload may change it
            if (daemon::take_reload_request()) {
                log::reopen();  // at once: log rotation waits for it
                if (schedule.request()) log::debug("SIGHUP: config reload requested");
            }
            const auto now = clock_.now();
            const auto merged = schedule.merged();
            const auto due = schedule.take_due(now);
            if (due == ReloadSchedule::Due::Requested) {
                log::info("SIGHUP: reloading the config" +
                          (merged > 0 ? " (" + std::to_string(merged) + " more SIGHUP(s) merged into this reload)"
                                      : std::string()));
            }
            if (due != ReloadSchedule::Due::No) reload();
            if (now >= next_cycle) break;
            auto until = std::min(next_cycle, schedule.next_due()) - now;
            daemon::wait_for_signal(duration_cast<milliseconds>(until) + milliseconds(1));
        }
    }
    return last;
}

}  // namespace niamd::client
