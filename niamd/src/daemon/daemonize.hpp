// Leaving the terminal (the classic double fork) and the pidfile that says we run.
#pragma once

#include <string>

#include <awsrest/result.hpp>

namespace niamd::daemon {

// Forks twice, starts a new session, chdir("/"), and points stdin/stdout/stderr at
// /dev/null. Returns in the daemon only; the parent exits 0.
awsrest::Result<void> daemonize();

// A pidfile holding our pid, locked (flock) for as long as we run, so a second niamd
// with the same pidfile refuses to start. Removed on destruction. Created before
// daemonize() so that a second instance fails (exit 1) before it forks; the lock goes
// with the descriptor to the daemon, which then calls record_pid().
class PidFile {
  public:
    static awsrest::Result<PidFile> create(const std::string& path);
    // Writes the calling process's pid (after the forks of daemonize()).
    awsrest::Result<void> record_pid();
    PidFile(PidFile&& other) noexcept;
    PidFile& operator=(PidFile&&) = delete;
    PidFile(const PidFile&) = delete;
    ~PidFile();

  private:
    PidFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
    std::string path_;
    int fd_ = -1;
};

}  // namespace niamd::daemon
