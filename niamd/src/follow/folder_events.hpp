// FolderEvents: inotify on the folders of the followed paths, read without blocking, so a file
// created or moved into one (a rotation, a new file a glob matches) is seen at the next
// second's poll rather than at the next rescan. Polling every second stays the floor: without
// inotify (none left, or a file system without it) nothing is missed, only seen later.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>

namespace niamd::follow {

inline constexpr std::size_t kMaxWatchedFolders = 256;

class FolderEvents {
  public:
    FolderEvents();
    ~FolderEvents();
    FolderEvents(const FolderEvents&) = delete;
    FolderEvents& operator=(const FolderEvents&) = delete;

    // Watches dir (again, when it was missing); at most kMaxWatchedFolders. False: not watched.
    bool watch(const std::filesystem::path& dir);
    // Reads the events queued: true when a file was created, moved in or out, or removed in a
    // watched folder, or a folder went, since the last call.
    bool take();
    std::size_t watched() const noexcept { return watches_.size(); }

  private:
    int fd_ = -1;
    std::map<std::string, int> watches_;  // folder → watch descriptor
};

}  // namespace niamd::follow
