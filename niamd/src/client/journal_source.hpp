// JournalSource: the host config's JOURNAL statements (docs/config.md, docs/logs.md): each
// follows the systemd journal's entries of its units and priority as LOG records of its log
// source, with the position kept in STATE_DIR (client/journal_follower.hpp). Reads every second,
// at most LOG_RATE lines per source and second (the config's, read at each collect): the rest
// waits in the journal, nothing is dropped unless journald vacuums it first (then a journal.gap
// event says so). A line over LOG_MAX_LINE bytes is cut there and marked (CUT).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "client/client_identity.hpp"
#include "client/config_source.hpp"
#include "client/journal_follower.hpp"
#include "client/source.hpp"

namespace niamd::client {

class JournalSource final : public Source {
  public:
    JournalSource(ClientIdentity identity, const ConfigSource& config, std::filesystem::path state_dir);

    std::string_view name() const override { return "journal"; }
    std::int64_t next_due(std::int64_t now) const override;
    std::vector<protocol::Record> collect(std::int64_t now) override;
    void kept(bool ok) override;
    void reload() override;

    std::size_t followed() const noexcept { return followers_.size(); }

  private:
    void build();

    ClientIdentity identity_;
    const ConfigSource& config_;
    std::filesystem::path state_dir_;
    std::vector<config::JournalSpec> specs_;
    std::map<std::string, std::unique_ptr<JournalFollower>> followers_;  // source name → follower
    std::int64_t last_ = 0;
    bool built_ = false;
};

}  // namespace niamd::client
