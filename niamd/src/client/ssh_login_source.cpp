#include "client/ssh_login_source.hpp"

#include <system_error>

#include "log/log.hpp"
#include "sshd/sshd_line.hpp"

namespace niamd::client {

namespace {

constexpr char kSource[] = "ssh";

}  // namespace

SshLoginSource::SshLoginSource(ClientIdentity identity, const ConfigSource& config, std::filesystem::path state_dir)
    : identity_(std::move(identity)), config_(config), state_dir_(std::move(state_dir)) {}

void SshLoginSource::build(std::int64_t now) {
    built_ = true;
    const auto& spec = config_.config().ssh_logins;
    if (spec == spec_ && (file_ || journal_ || !spec)) {
        if (file_) file_->set_max_line(config_.config().log_max_line);
        return;
    }
    spec_ = spec;
    file_.reset();
    journal_.reset();
    if (!spec) return;
    // The file when it is there, or when the statement names it and its folder is there (it may
    // be made later: then it is read from its beginning); else the journal.
    std::error_code error;
    const std::filesystem::path path(spec->path);
    const bool file_there = std::filesystem::exists(path, error);
    if (file_there || (spec->path_given && std::filesystem::is_directory(path.parent_path(), error))) {
        file_ = std::make_unique<follow::FollowedFile>(kSource, spec->path, config_.config().log_max_line);
        auto read = follow::read_positions_file(positions_path());
        for (const auto& problem : read.problems)
            log::warning("SSH_LOGINS: " + positions_path().string() + ": " + problem);
        std::optional<follow::FilePosition> saved;
        if (auto found = read.positions.find({kSource, spec->path}); found != read.positions.end())
            saved = found->second;
        written_ = std::move(read.positions);
        // First start: the file's lines up to now are history, not news (as `tail -F`).
        file_->begin(saved, /*at_end=*/file_there, protocol::first_seq_at(now), now);
        log::info("SSH_LOGINS: reading " + spec->path);
        return;
    }
    journal::JournalFilter filter;
    filter.identifiers = {"sshd", "sshd-session"};
    filter.directory = spec->journal_directory;
    journal_ =
        std::make_unique<JournalFollower>("ssh", std::move(filter), position_file_for(state_dir_, "ssh", "journal"));
    log::info("SSH_LOGINS: " + spec->path + " does not exist; reading sshd's entries of the journal");
}

std::int64_t SshLoginSource::next_due(std::int64_t now) const {
    const bool on = built_ ? (file_ != nullptr || journal_ != nullptr) : config_.config().ssh_logins.has_value();
    if (!on) return kNever;
    return last_ == 0 ? now : last_ + 1;
}

void SshLoginSource::add_events(const std::vector<protocol::LogLine>& lines, std::vector<protocol::Record>& records) {
    for (const auto& line : lines) {
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
}

std::vector<protocol::Record> SshLoginSource::collect(std::int64_t now) {
    if (!built_) build(now);
    last_ = now;
    std::vector<protocol::Record> records;
    const std::size_t rate = config_.config().log_rate;
    if (file_) {
        auto batch = file_->poll(rate, now);
        for (const auto& event : batch.events)
            records.push_back(protocol::event_record(identity_.instance, identity_.hostname, event));
        add_events(batch.lines, records);
    } else if (journal_) {
        auto batch = journal_->read(rate, config_.config().log_max_line, now);
        for (const auto& event : batch.events)
            records.push_back(protocol::event_record(identity_.instance, identity_.hostname, event));
        add_events(batch.lines, records);
    }
    return records;
}

void SshLoginSource::kept(bool ok) {
    if (journal_) journal_->kept(ok);
    if (!file_) return;
    if (!ok) {
        file_->rollback();
        return;
    }
    file_->commit();
    follow::Positions positions;
    positions[{kSource, file_->path().string()}] = file_->position();
    if (positions == written_) return;
    if (auto written = follow::write_positions_file(positions_path(), positions); !written) {
        log::warning("SSH_LOGINS: " + written.error().message + " (the position is kept in memory)");
        return;
    }
    written_ = std::move(positions);
}

}  // namespace niamd::client
