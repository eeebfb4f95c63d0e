// EngineWatcher: one thread that follows a Docker engine: GET /events (containers and image
// pulls) and the logs of every running container (those found at start in /containers/json
// and those that start later), all streams on one curl multi handle. What it reads it hands,
// in arrival order, to a bounded queue that the client's loop drains with take(); a full
// queue drops the newest items and counts them.
//
// Resuming: it starts from a Resume (what the DOCKER source kept on disk): events since the
// last kept event's timeNano, each container's logs since the last kept line's timestamp
// (timestamps=1), skipping the lines at exactly that time that were already kept (the
// engine's `since` is inclusive). When the engine goes away (the events stream ends, the
// socket refuses), every stream is dropped and it reconnects with a growing backoff, then
// resumes the same way from what it last queued, so nothing repeats.
//
// The API version is negotiated from GET /version at each connection (docker/engine_json.hpp);
// an engine that refuses every version this client speaks is a problem, retried like a
// missing engine.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "protocol/log_record.hpp"

namespace niamd::docker {

// Log lines a never seen container found running at start gives at first (its older
// history is skipped; a container that starts while niamd runs is read from its beginning).
inline constexpr int kFirstSightTailLines = 1000;
// Items waiting for the client's loop, and their bytes of text; more are dropped and counted.
inline constexpr std::size_t kDefaultMaxQueuedItems = 20000;
inline constexpr std::size_t kMaxQueuedBytes = 8 * 1024 * 1024;
// One line of /events longer than this is skipped (counted as bad).
inline constexpr std::size_t kMaxEventBytes = 64 * 1024;
// Log streams followed at once; containers past it are not followed (logged).
inline constexpr std::size_t kMaxLogStreams = 512;

struct LogResume {
    std::int64_t time_nano = 0;       // the last line's timestamp
    std::uint64_t lines_at_time = 0;  // lines kept with exactly that timestamp
    friend bool operator==(const LogResume&, const LogResume&) = default;
};

struct Resume {
    std::int64_t events_nano = 0;  // the last event's timeNano; 0: only new events
    std::string last_event_id;
    std::map<std::string, LogResume> logs;  // by container name
    friend bool operator==(const Resume&, const Resume&) = default;
};

struct ContainerLine {
    std::string container;  // name, without '/'
    std::string stream;     // "stdout" or "stderr"
    std::string text;
    std::uint64_t cut_bytes = 0;
    std::int64_t time_nano = 0;  // 0 when the line had no timestamp
};

struct ContainerEvent {
    protocol::Event event;
    std::int64_t time_nano = 0;
};

using WatchedItem = std::variant<ContainerLine, ContainerEvent>;

// Moves `resume` past an item: the rule both the watcher (what it queued) and the DOCKER
// source (what is in the outbox) follow, so the two agree on where to resume.
void advance(Resume& resume, const WatchedItem& item);

struct WatcherCounts {
    std::uint64_t events = 0;       // events queued
    std::uint64_t lines = 0;        // log lines queued
    std::uint64_t dropped = 0;      // items the full queue refused (log lines and events)
    std::uint64_t bad_events = 0;   // objects of /events that did not read
    std::uint64_t connections = 0;  // successful connections to the engine
};

struct WatcherSettings {
    std::string socket_path;
    std::size_t max_line = 16 * 1024;  // LOG_MAX_LINE
    std::size_t max_queued = kDefaultMaxQueuedItems;
    std::chrono::milliseconds first_backoff{250};
    std::chrono::milliseconds max_backoff{10000};
};

class EngineWatcher {
  public:
    EngineWatcher(WatcherSettings settings, Resume resume);
    ~EngineWatcher();
    EngineWatcher(const EngineWatcher&) = delete;
    EngineWatcher& operator=(const EngineWatcher&) = delete;

    // What was queued since the last call, in arrival order.
    std::vector<WatchedItem> take();
    bool has_items() const;
    // What is wrong with the engine now ("" when connected and following).
    std::string problem() const;
    WatcherCounts counts() const;

  private:
    void run();
    void push(WatchedItem item);
    void set_problem(std::string problem);

    WatcherSettings settings_;
    Resume resume_;  // the watcher thread's own: advanced as it queues
    mutable std::mutex mutex_;
    std::vector<WatchedItem> queue_;
    std::size_t queued_bytes_ = 0;
    std::string problem_ = "not connected yet";
    WatcherCounts counts_;
    std::atomic<bool> stop_{false};
    void* multi_ = nullptr;  // the CURLM of all streams; woken by the destructor
    std::thread thread_;
};

}  // namespace niamd::docker
