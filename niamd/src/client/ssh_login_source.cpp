#include "client/ssh_login_source.hpp"

#include "client/journal_source.hpp"
#include "sshd/sshd_line.hpp"

namespace niamd::client {

SshLoginSource::SshLoginSource(ClientIdentity identity, const ConfigSource& config, std::filesystem::path state_dir)
    : identity_(std::move(identity)), config_(config), state_dir_(std::move(state_dir)) {}

void SshLoginSource::build() {
    built_ = true;
    const auto& spec = config_.config().ssh_logins;
    if (spec == spec_ && (journal_ || !spec)) return;
    spec_ = spec;
    journal_.reset();
    if (!spec) return;
    journal::JournalFilter filter;
    filter.identifiers = {"sshd", "sshd-session"};
    filter.directory = spec->journal_directory;
    journal_ = std::make_unique<JournalFollower>("ssh", std::move(filter), position_file_for(state_dir_, "ssh", "journal"));
}

void SshLoginSource::reload() { build(); }

std::int64_t SshLoginSource::next_due(std::int64_t now) const {
    const bool on = built_ ? journal_ != nullptr : config_.config().ssh_logins.has_value();
    if (!on) return kNever;
    return last_ == 0 ? now : last_ + 1;
}

std::vector<protocol::Record> SshLoginSource::collect(std::int64_t now) {
    if (!built_) build();
    last_ = now;
    std::vector<protocol::Record> records;
    if (!journal_) return records;
    auto batch = journal_->read(config_.config().log_rate, config_.config().log_max_line, now);
    for (const auto& event : batch.events) records.push_back(protocol::event_record(identity_.instance, identity_.hostname, event));
    for (const auto& line : batch.lines) {
        auto event = sshd::login_event(line.line);
        if (!event) {
            ++other_lines_;
            continue;
        }
        event->id = "ssh:" + std::to_string(line.seq);
        event->time = line.time;
        ++events_;
        records.push_back(protocol::event_record(identity_.instance, identity_.hostname, *event));
    }
    return records;
}

void SshLoginSource::kept(bool ok) {
    if (journal_) journal_->kept(ok);
}

}  // namespace niamd::client
