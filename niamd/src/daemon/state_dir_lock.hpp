// StateDirLock: an exclusive lock (flock) on STATE_DIR/niamd.lock for as long as a master
// runs, in every mode (-f or daemon), so that a second master on the same state dir
// refuses to start instead of sharing its database and splitting its queue.
#pragma once

#include <string>

#include <awsrest/result.hpp>

namespace niamd::daemon {

class StateDirLock {
  public:
    // Fails, naming the directory and the pid that holds it, when another process has it.
    static awsrest::Result<StateDirLock> take(const std::string& state_dir);
    StateDirLock(StateDirLock&& other) noexcept;
    StateDirLock& operator=(StateDirLock&&) = delete;
    StateDirLock(const StateDirLock&) = delete;
    ~StateDirLock();

  private:
    explicit StateDirLock(int fd) : fd_(fd) {}
    int fd_ = -1;
};

}  // namespace niamd::daemon
