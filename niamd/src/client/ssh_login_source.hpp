// SshLoginSource: SSH_LOGINS (docs/config.md, docs/logs.md, "SSH logins"): sshd's lines become
// login events (sshd/sshd_line.hpp) — ssh.accepted, ssh.failed, ssh.invalid_user,
// ssh.closed_preauth, each with the raw line. Read from the file at the statement's path
// (default /var/log/auth.log) when it exists, or when the statement names it and its folder
// exists (a file made later is read from its beginning), followed like a LOG file through rotation
// (follow/followed_file.hpp; position in STATE_DIR/ssh-positions); else from the journal (sshd's
// and sshd-session's SYSLOG_IDENTIFIER, position like a JOURNAL source's). Either way the position
// advances only once the events are in the outbox. An event's id is "ssh:" and the number of
// the line it came from, so one read again after a crash is stored once. The lines that are not
// sshd's logins (CRON, systemd-logind, sshd's other lines) are counted, not sent.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "client/client_identity.hpp"
#include "client/config_source.hpp"
#include "client/journal_follower.hpp"
#include "client/source.hpp"
#include "follow/followed_file.hpp"
#include "follow/positions_file.hpp"

namespace niamd::client {

class SshLoginSource final : public Source {
  public:
    SshLoginSource(ClientIdentity identity, const ConfigSource& config, std::filesystem::path state_dir);

    std::string_view name() const override { return "ssh-logins"; }
    std::int64_t next_due(std::int64_t now) const override;
    std::vector<protocol::Record> collect(std::int64_t now) override;
    void kept(bool ok) override;
    void reload() override { built_ = false; }

    std::uint64_t events() const noexcept { return events_; }
    std::uint64_t other_lines() const noexcept { return other_lines_; }
    bool reads_file() const noexcept { return file_ != nullptr; }
    std::filesystem::path positions_path() const { return state_dir_ / "ssh-positions"; }

  private:
    void build(std::int64_t now);
    void add_events(const std::vector<protocol::LogLine>& lines, std::vector<protocol::Record>& records);

    ClientIdentity identity_;
    const ConfigSource& config_;
    std::filesystem::path state_dir_;
    std::optional<config::SshLoginsSpec> spec_;
    std::unique_ptr<follow::FollowedFile> file_;  // the file's lines, or
    std::unique_ptr<JournalFollower> journal_;    // the journal's sshd entries
    follow::Positions written_;                   // what ssh-positions holds
    std::int64_t last_ = 0;
    bool built_ = false;
    std::uint64_t events_ = 0;
    std::uint64_t other_lines_ = 0;
};

}  // namespace niamd::client
