#include "follow/folder_events.hpp"

#include <array>
#include <cerrno>
#include <cstring>

#include <sys/inotify.h>
#include <unistd.h>

#include "log/log.hpp"

namespace niamd::follow {
namespace {

constexpr std::uint32_t kEvents = IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF;

}  // namespace

FolderEvents::FolderEvents() {
    fd_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd_ < 0) {
        log::warning(std::string("LOG: inotify unavailable (") + std::strerror(errno) +
                     "): new and rotated files are seen at the next rescan");
    }
}

FolderEvents::~FolderEvents() {
    if (fd_ >= 0) ::close(fd_);
}

bool FolderEvents::watch(const std::filesystem::path& dir) {
    if (fd_ < 0) return false;
    const auto found = watches_.find(dir.string());
    if (found != watches_.end() && found->second >= 0) return true;
    if (found == watches_.end() && watches_.size() >= kMaxWatchedFolders) return false;
    const int wd = ::inotify_add_watch(fd_, dir.c_str(), kEvents | IN_ONLYDIR);
    watches_[dir.string()] = wd;
    return wd >= 0;
}

bool FolderEvents::take() {
    if (fd_ < 0) return false;
    bool changed = false;
    alignas(inotify_event) std::array<char, 8192> buffer{};
    while (true) {
        const ssize_t got = ::read(fd_, buffer.data(), buffer.size());
        if (got <= 0) break;
        changed = true;
        for (std::size_t at = 0; at + sizeof(inotify_event) <= static_cast<std::size_t>(got);) {
            const auto* event = reinterpret_cast<const inotify_event*>(buffer.data() + at);
            at += sizeof(inotify_event) + event->len;
            if ((event->mask & (IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF)) == 0) continue;
            for (auto& [dir, wd] : watches_) {
                if (wd == event->wd) wd = -1;  // watched again at the next watch()
            }
        }
    }
    return changed;
}

}  // namespace niamd::follow
