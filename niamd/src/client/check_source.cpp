#include "client/check_source.hpp"

#include <algorithm>
#include <chrono>
#include <vector>

#include "process/running_children.hpp"

namespace niamd::client {

bool runs_with_heartbeat(const config::CheckSpec& spec, const config::HostConfig& config) noexcept {
    return spec.interval <= 0 || spec.interval == config.interval;
}

CheckSource::CheckSource(ClientIdentity identity, std::filesystem::path scripts_dir, const ConfigSource& config,
                         std::function<bool()> stop_requested, checks::CheckMaker make)
    : identity_(std::move(identity)),
      scripts_dir_(std::move(scripts_dir)),
      config_(config),
      stop_requested_(std::move(stop_requested)),
      make_(std::move(make)) {}

std::string CheckSource::key_of(const config::CheckSpec& spec) {
    std::string key = std::to_string(static_cast<int>(spec.kind)) + '\n' + spec.target + '\n' +
                      std::to_string(spec.port) + '\n' + spec.url + '\n' + spec.script;
    for (const auto& arg : spec.args) key += '\n' + arg;
    return key;
}

std::int64_t CheckSource::next_due(std::int64_t now) const {
    const auto& config = config_.config();
    std::int64_t earliest = kNever;
    for (const auto& spec : config.checks) {
        if (runs_with_heartbeat(spec, config)) continue;
        const auto it = last_run_.find(key_of(spec));
        earliest = std::min(earliest, it == last_run_.end() ? now : it->second + spec.interval);
    }
    return earliest;
}

std::vector<protocol::Record> CheckSource::collect(std::int64_t now) {
    const auto& config = config_.config();
    std::vector<config::CheckSpec> due;
    std::map<std::string, std::int64_t> kept;
    for (const auto& spec : config.checks) {
        if (runs_with_heartbeat(spec, config)) continue;
        const std::string key = key_of(spec);
        const auto it = last_run_.find(key);
        if (it != last_run_.end()) kept[key] = it->second;
        if (it == last_run_.end() || it->second + spec.interval <= now) due.push_back(spec);
    }
    last_run_ = std::move(kept);  // checks gone from the config are forgotten
    if (due.empty()) return {};
    checks::CheckContext context{
        identity_.instance, identity_.hostname, scripts_dir_, std::chrono::seconds(config.timeout), now,
        stop_requested_};
    auto records = make_ ? checks::run_checks(due, context, make_) : checks::run_checks(due, context);
    if (stop_requested_ && stop_requested_()) return {};
    for (const auto& spec : due) last_run_[key_of(spec)] = now;
    process::sweep_leftovers();  // what this round's plugins left behind
    return records;
}

}  // namespace niamd::client
