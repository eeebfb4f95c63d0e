// SshLoginSource: SSH_LOGINS (docs/config.md, docs/logs.md, "SSH logins"): sshd's lines become
// login events (sshd/sshd_line.hpp) — ssh.accepted, ssh.failed, ssh.invalid_user,
// ssh.closed_preauth, each with the raw line — read from the journal (sshd's and sshd-session's
// SYSLOG_IDENTIFIER) with the position kept in STATE_DIR like a JOURNAL source. An event's id
// is "ssh:" and the number of the line it came from, so one read again after a crash is stored
// once.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "client/client_identity.hpp"
#include "client/config_source.hpp"
#include "client/journal_follower.hpp"
#include "client/source.hpp"

namespace niamd::client {

class SshLoginSource final : public Source {
public:
    SshLoginSource(ClientIdentity identity, const ConfigSource& config, std::filesystem::path state_dir);

    std::string_view name() const override { return "ssh-logins"; }
    std::int64_t next_due(std::int64_t now) const override;
    std::vector<protocol::Record> collect(std::int64_t now) override;
    void kept(bool ok) override;
    void reload() override;

    std::uint64_t events() const noexcept { return events_; }
    std::uint64_t other_lines() const noexcept { return other_lines_; }

private:
    void build();

    ClientIdentity identity_;
    const ConfigSource& config_;
    std::filesystem::path state_dir_;
    std::optional<config::SshLoginsSpec> spec_;
    std::unique_ptr<JournalFollower> journal_;
    std::int64_t last_ = 0;
    bool built_ = false;
    std::uint64_t events_ = 0;
    std::uint64_t other_lines_ = 0;
};

}  // namespace niamd::client
