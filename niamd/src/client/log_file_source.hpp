// LogFileSource: the host config's LOG statements (docs/config.md, docs/logs.md "Files"): each
// file followed like `tail -F` (follow/followed_file.hpp) as LOG records of its source, the
// positions kept in STATE_DIR/log-positions (follow/positions_file.hpp), advanced only once the
// lines are in the outbox. Reads every second, at most LOG_RATE lines per source: the rest waits
// in the file (nothing is dropped; each such second is counted as a deferral). A glob is
// rescanned every kRescanSeconds and when inotify tells of a change in its folder.
// Bounded: kMaxFilesPerLog files per statement, kMaxFollowedFiles in all; the files left out
// are counted. niamd's own logs are never followed, whatever matches them.
// Counts go out as METRIC records every kCountsSeconds: niamd.logfiles.followed,
// niamd.logfiles.deferred, niamd.logfiles.gaps, niamd.logfiles.unfollowed{reason=bound|own_log}.
#pragma once

#include <cstdint>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "client/client_identity.hpp"
#include "client/config_source.hpp"
#include "client/source.hpp"
#include "follow/folder_events.hpp"
#include "follow/followed_file.hpp"
#include "follow/positions_file.hpp"

namespace niamd::client {

struct LogFileCounts {
    std::uint64_t deferred = 0;          // (source, second) pairs that left lines in the file for LOG_RATE
    std::uint64_t gaps = 0;              // log.gap events
    std::uint64_t unfollowed_bound = 0;  // files left out by the bounds (each time a scan met one)
    std::uint64_t unfollowed_own = 0;    // niamd's own logs a statement named or a glob matched
    std::uint64_t lines = 0;             // lines read
};

class LogFileSource final : public Source {
  public:
    static constexpr std::int64_t kRescanSeconds = 5;
    static constexpr std::int64_t kCountsSeconds = 60;
    static constexpr std::size_t kMaxFilesPerLog = 1024;
    static constexpr std::size_t kMaxFollowedFiles = 4096;
    static constexpr std::size_t kMaxLetGo = 1024;

    // own_logs: niamd's log files (LOG_DIR/niam.log, alert.log), never followed.
    LogFileSource(ClientIdentity identity, const ConfigSource& config, std::filesystem::path state_dir,
                  std::vector<std::filesystem::path> own_logs);

    std::string_view name() const override { return "log-files"; }
    std::int64_t next_due(std::int64_t now) const override;
    std::vector<protocol::Record> collect(std::int64_t now) override;
    void kept(bool ok) override;
    void reload() override { specs_changed_ = true; }

    std::size_t followed() const noexcept { return followed_.size(); }
    std::vector<std::string> sources() const;
    const LogFileCounts& counts() const noexcept { return counts_; }
    std::filesystem::path positions_path() const { return state_dir_ / "log-positions"; }

  private:
    struct Followed {
        std::unique_ptr<follow::FollowedFile> file;
        std::string pattern;  // of its statement
        bool glob = false;
    };

    void load(std::int64_t now);
    void scan(std::int64_t now, bool specs_new);
    void add(const config::LogFileSpec& spec, const std::string& path, bool at_end, std::int64_t now);
    bool own_log(const std::string& path) const;
    bool being_read(const std::string& path, follow::FileIdentity& identity) const;
    void count_records(std::vector<protocol::Record>& records, std::int64_t now) const;

    ClientIdentity identity_;
    const ConfigSource& config_;
    std::filesystem::path state_dir_;
    std::vector<std::string> own_logs_;  // canonical paths
    std::vector<config::LogFileSpec> specs_;
    std::map<std::string, Followed> followed_;  // source name → its file
    follow::Positions saved_;                   // read at start
    follow::Positions written_;                 // on disk now
    std::deque<follow::FollowedFile::LetGo> let_go_;
    std::set<std::string> refused_;  // own logs warned about
    follow::FolderEvents folders_;
    LogFileCounts counts_;
    std::int64_t last_ = 0;
    std::int64_t next_rescan_ = 0;
    std::int64_t next_counts_ = 0;
    bool loaded_ = false;
    bool specs_changed_ = true;
};

}  // namespace niamd::client
