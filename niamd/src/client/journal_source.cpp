#include "client/journal_source.hpp"

namespace niamd::client {

JournalSource::JournalSource(ClientIdentity identity, const ConfigSource& config, std::filesystem::path state_dir)
    : identity_(std::move(identity)), config_(config), state_dir_(std::move(state_dir)) {}

void JournalSource::build() {
    built_ = true;
    const auto& specs = config_.config().journals;
    if (specs == specs_ && followers_.size() == specs.size()) return;
    std::map<std::string, std::unique_ptr<JournalFollower>> next;
    for (const auto& spec : specs) {
        journal::JournalFilter filter;
        filter.units = spec.units;
        filter.max_priority = spec.max_priority;
        filter.directory = spec.directory;
        auto found = followers_.find(spec.name);
        if (found != followers_.end() && found->second->filter().units == filter.units &&
            found->second->filter().max_priority == filter.max_priority &&
            found->second->filter().directory == filter.directory) {
            next.emplace(spec.name, std::move(found->second));
            continue;
        }
        next.emplace(spec.name, std::make_unique<JournalFollower>(spec.name, std::move(filter),
                                                                  position_file_for(state_dir_, "journal", spec.name)));
    }
    followers_ = std::move(next);
    specs_ = specs;
}

void JournalSource::reload() { build(); }

std::int64_t JournalSource::next_due(std::int64_t now) const {
    const bool any = built_ ? !followers_.empty() : !config_.config().journals.empty();
    if (!any) return kNever;
    return last_ == 0 ? now : last_ + 1;
}

std::vector<protocol::Record> JournalSource::collect(std::int64_t now) {
    if (!built_) build();
    last_ = now;
    std::vector<protocol::Record> records;
    for (auto& [name, follower] : followers_) {
        auto batch = follower->read(config_.config().log_rate, config_.config().log_max_line, now);  // LOG_RATE, LOG_MAX_LINE
        for (const auto& event : batch.events) {
            records.push_back(protocol::event_record(identity_.instance, identity_.hostname, event));
        }
        for (const auto& line : batch.lines) {
            records.push_back(protocol::log_record(identity_.instance, identity_.hostname, line));
        }
    }
    return records;
}

void JournalSource::kept(bool ok) {
    for (auto& [name, follower] : followers_) follower->kept(ok);
}

}  // namespace niamd::client
