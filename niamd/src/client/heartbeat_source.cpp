#include "client/heartbeat_source.hpp"

#include <chrono>

#include "checks/check_runner.hpp"
#include "checks/script_check.hpp"
#include "client/check_source.hpp"
#include "process/running_children.hpp"

namespace niamd::client {

HeartbeatSource::HeartbeatSource(ClientIdentity identity, std::filesystem::path scripts_dir, const ConfigSource& config,
                                 std::function<bool()> stop_requested)
    : identity_(std::move(identity)),
      scripts_dir_(std::move(scripts_dir)),
      config_(config),
      stop_requested_(std::move(stop_requested)) {}

std::int64_t HeartbeatSource::next_due(std::int64_t now) const {
    if (!last_) return now;
    return *last_ + config_.config().interval;  // a reload may change it
}

std::vector<protocol::Record> HeartbeatSource::collect(std::int64_t now) {
    last_ = now;
    const auto& config = config_.config();
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
    std::vector<config::CheckSpec> mine;  // the others run on their own interval (check_source.hpp)
    for (const auto& spec : config.checks) {
        if (runs_with_heartbeat(spec, config)) mine.push_back(spec);
    }
    if (!mine.empty()) {
        checks::CheckContext context{
            identity_.instance, identity_.hostname, scripts_dir_, std::chrono::seconds(config.timeout), now,
            stop_requested_};
        for (auto& record : checks::run_checks(mine, context)) records.push_back(std::move(record));
        if (stop_requested_()) return {};
    }
    process::sweep_leftovers();  // what this round's plugins left behind
    return records;
}

}  // namespace niamd::client
