// Watching the monitoring-info folder: FolderWatch reads inotify events of one folder
// without blocking (a folder that does not exist yet is watched once it does);
// ChangeDebounce turns a burst of changes (a package writing several files) into one
// reload, on an injected time; FolderWatcher runs both on a thread of its own and calls
// back once per burst (the client role makes the callback a reload request, as SIGHUP).
#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <thread>

namespace niamd::client {

class FolderWatch {
  public:
    explicit FolderWatch(std::filesystem::path dir);
    ~FolderWatch();
    FolderWatch(const FolderWatch&) = delete;
    FolderWatch& operator=(const FolderWatch&) = delete;

    // Reads the events queued (never blocks): true when a `*.conf` file was written, moved in
    // or out or removed, or the folder itself appeared or went. Also retries watching a
    // folder that was missing.
    bool take_changes();
    int fd() const noexcept { return fd_; }
    bool watching() const noexcept { return wd_ >= 0; }

  private:
    bool add_watch();

    std::filesystem::path dir_;
    int fd_ = -1;
    int wd_ = -1;
};

class ChangeDebounce {
  public:
    using TimePoint = std::chrono::steady_clock::time_point;
    // Due `quiet` after the last change, or `longest` after the first of a burst.
    ChangeDebounce(std::chrono::milliseconds quiet, std::chrono::milliseconds longest)
        : quiet_(quiet), longest_(longest) {}
    void changed(TimePoint now);
    // True once per burst, when it is due; then the next change starts a new burst.
    bool take_due(TimePoint now);
    // When the burst is due; nullopt: no burst.
    std::optional<TimePoint> due_at() const;

  private:
    std::chrono::milliseconds quiet_;
    std::chrono::milliseconds longest_;
    std::optional<TimePoint> first_;
    TimePoint last_{};
};

inline constexpr std::chrono::milliseconds kFolderQuiet{500};
inline constexpr std::chrono::milliseconds kFolderLongest{5000};

class FolderWatcher {
  public:
    FolderWatcher(std::filesystem::path dir, std::function<void()> on_change);
    ~FolderWatcher();  // stops and joins the thread
    FolderWatcher(const FolderWatcher&) = delete;
    FolderWatcher& operator=(const FolderWatcher&) = delete;

  private:
    void run();

    FolderWatch watch_;
    std::function<void()> on_change_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

}  // namespace niamd::client
