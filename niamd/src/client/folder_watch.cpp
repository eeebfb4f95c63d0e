#include "client/folder_watch.hpp"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <array>
#include <cstring>
#include <string_view>

#include "log/log.hpp"

namespace niamd::client {
namespace {

constexpr std::uint32_t kFolderEvents =
    IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_CREATE | IN_DELETE_SELF | IN_MOVE_SELF | IN_ATTRIB;

bool is_conf_name(std::string_view name) {
    return name.size() > 5 && name.front() != '.' && name.substr(name.size() - 5) == ".conf";
}

}  // namespace

FolderWatch::FolderWatch(std::filesystem::path dir) : dir_(std::move(dir)) {
    fd_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd_ < 0) {
        log::warning("monitoring-info: inotify unavailable (" + std::string(std::strerror(errno)) +
                     "): changes are seen at SIGHUP and --config-refresh only");
        return;
    }
    add_watch();
}

FolderWatch::~FolderWatch() {
    if (fd_ >= 0) ::close(fd_);
}

bool FolderWatch::add_watch() {
    if (fd_ < 0) return false;
    wd_ = ::inotify_add_watch(fd_, dir_.c_str(), kFolderEvents | IN_ONLYDIR);
    return wd_ >= 0;
}

bool FolderWatch::take_changes() {
    if (fd_ < 0) return false;
    bool changed = false;
    if (wd_ < 0) changed = add_watch();  // the folder appeared
    alignas(inotify_event) std::array<char, 8192> buffer{};
    while (true) {
        const ssize_t got = ::read(fd_, buffer.data(), buffer.size());
        if (got <= 0) break;
        for (std::size_t at = 0; at + sizeof(inotify_event) <= static_cast<std::size_t>(got);) {
            const auto* event = reinterpret_cast<const inotify_event*>(buffer.data() + at);
            at += sizeof(inotify_event) + event->len;
            if (event->mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED)) {
                changed = true;
                if (event->wd == wd_) {
                    ::inotify_rm_watch(fd_, wd_);
                    wd_ = -1;
                }
                continue;
            }
            if (event->mask & IN_Q_OVERFLOW) {
                changed = true;
                continue;
            }
            // A file being written (IN_CREATE) counts once it is closed (IN_CLOSE_WRITE).
            if (event->mask & IN_CREATE) continue;
            if (event->len > 0 && is_conf_name(event->name)) changed = true;
        }
    }
    if (wd_ < 0 && add_watch()) changed = true;  // moved back, or made again
    return changed;
}

void ChangeDebounce::changed(TimePoint now) {
    if (!first_) first_ = now;
    last_ = now;
}

std::optional<ChangeDebounce::TimePoint> ChangeDebounce::due_at() const {
    if (!first_) return std::nullopt;
    return std::min(last_ + quiet_, *first_ + longest_);
}

bool ChangeDebounce::take_due(TimePoint now) {
    const auto due = due_at();
    if (!due || now < *due) return false;
    first_.reset();
    return true;
}

FolderWatcher::FolderWatcher(std::filesystem::path dir, std::function<void()> on_change)
    : watch_(std::move(dir)), on_change_(std::move(on_change)) {
    if (watch_.fd() >= 0) thread_ = std::thread([this] { run(); });
}

FolderWatcher::~FolderWatcher() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
}

void FolderWatcher::run() {
    using Clock = std::chrono::steady_clock;
    ChangeDebounce debounce(kFolderQuiet, kFolderLongest);
    while (!stop_) {
        // Short waits: the stop flag is seen within 200 ms, a missing folder retried as often.
        pollfd pfd{watch_.fd(), POLLIN, 0};
        ::poll(&pfd, 1, 200);
        if (watch_.take_changes()) debounce.changed(Clock::now());
        if (debounce.take_due(Clock::now())) on_change_();
    }
}

}  // namespace niamd::client
