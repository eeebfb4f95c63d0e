// DockerSource: `DOCKER [socket=PATH]` (docs/config.md, "DOCKER"): the engine's events as
// EVENT records (docker.create, docker.start, docker.die with exit_code, ...: the kinds of
// docs/protocol.md) and every container's stdout and stderr as LOG records of source
// `docker:<name>`. An EngineWatcher thread (docker/engine_watcher.hpp) reads the streams;
// collect() takes what it queued, numbers each container's lines (per source: from now ×
// 1,000,000 for a container new to niamd, then one up per line) and returns the records.
//
// What is in the outbox is kept on disk (state_file): the last event's timeNano and id, and
// per container the last line's timestamp, the lines at exactly that time and the last seq.
// It is written in kept(true) only, so after a crash niamd resumes from what reached the
// outbox: a line read again gets the seq it had (the master stores host + source + seq once)
// and an event its id. At most kMaxKeptContainers names are kept (the oldest are forgotten).
//
// Items the watcher's full queue dropped are told as a `log.dropped` EVENT (fields `source`
// docker, `lines` the count since the last one) and a warning in the log.
//
// LOG_RATE: a container's stream cannot wait, so per source at most LOG_RATE lines a second
// go; the others are dropped (the resume point still moves past them), counted, and told as
// a `log.dropped` EVENT per source and minute at most (fields `source` docker:<name>,
// `dropped`, `since`; client/log_rate_limit.hpp). LOG_MAX_LINE: a longer line is cut there,
// the cut bytes in the record (CUT); a reload that changes it reconnects the streams.
//
// Trouble with the engine (no socket, a version it refuses) is a PROBLEM record `docker`
// with the reason, repeated every INTERVAL while it lasts, STATUS 0 once following again.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "client/client_identity.hpp"
#include "client/config_source.hpp"
#include "client/log_rate_limit.hpp"
#include "client/problem_report.hpp"
#include "client/source.hpp"
#include "docker/engine_watcher.hpp"

namespace niamd::client {

inline constexpr std::size_t kMaxKeptContainers = 4096;

struct DockerSourceCounts {
    std::uint64_t lines = 0;      // LOG records returned
    std::uint64_t events = 0;     // EVENT records returned
    std::uint64_t unkept = 0;     // collections whose records the outbox refused (kept(false)): lost
    std::uint64_t over_rate = 0;  // lines dropped over LOG_RATE
};

// What the DOCKER source keeps on disk, and its text form.
struct DockerState {
    docker::Resume resume;
    std::map<std::string, std::uint64_t> seqs;  // by container name: the last line's seq

    friend bool operator==(const DockerState&, const DockerState&) = default;
};
std::string docker_state_text(const DockerState& state);
// nullopt when the text is not a state file (a bad line makes the whole file unread).
std::optional<DockerState> docker_state_of(std::string_view text);

class DockerSource final : public Source {
  public:
    // first_backoff: the first wait before reconnecting to a missing engine (doubling to 10 s);
    // max_queued: items the watcher holds for collect() (tests make it small).
    DockerSource(ClientIdentity identity, const ConfigSource& config, std::filesystem::path state_file,
                 std::chrono::milliseconds first_backoff = std::chrono::milliseconds(250),
                 std::size_t max_queued = docker::kDefaultMaxQueuedItems);
    ~DockerSource() override;

    std::string_view name() const override { return "docker"; }
    // kNever without a DOCKER statement; `now` when the watcher has items (or is not started
    // or its socket changed); else now + 1: the loop looks every second.
    std::int64_t next_due(std::int64_t now) const override;
    std::vector<protocol::Record> collect(std::int64_t now) override;
    void kept(bool ok) override;

    const DockerSourceCounts& counts() const noexcept { return counts_; }
    docker::WatcherCounts watcher_counts() const;

  private:
    ClientIdentity identity_;
    const ConfigSource& config_;
    std::filesystem::path state_file_;
    std::chrono::milliseconds first_backoff_;
    std::size_t max_queued_;
    std::uint64_t dropped_told_ = 0;  // the watcher's drops already told
    std::unique_ptr<docker::EngineWatcher> watcher_;
    std::string socket_;        // the watcher's
    std::size_t max_line_ = 0;  // the watcher's LOG_MAX_LINE
    LogRateLimit rate_;
    DockerState kept_;     // on disk
    DockerState pending_;  // with what the last collect() returned
    bool pending_changed_ = false;
    ProblemReport problem_{"docker"};
    std::string last_problem_;
    std::int64_t last_problem_sent_ = 0;
    DockerSourceCounts counts_;
};

}  // namespace niamd::client
