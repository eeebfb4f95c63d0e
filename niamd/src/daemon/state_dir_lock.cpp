#include "daemon/state_dir_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace niamd::daemon {

awsrest::Result<StateDirLock> StateDirLock::take(const std::string& state_dir) {
    const std::string path = state_dir + "/niamd.lock";
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        return awsrest::make_error(awsrest::ErrorKind::InvalidArgument,
                                   "state dir lock " + path + ": " + std::strerror(errno));
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        char holder[32] = {};
        const ssize_t got = ::pread(fd, holder, sizeof holder - 1, 0);
        std::string pid = got > 0 ? std::string(holder, static_cast<std::size_t>(got)) : std::string();
        pid = pid.substr(0, pid.find_first_not_of("0123456789"));
        ::close(fd);
        return awsrest::make_error(awsrest::ErrorKind::InvalidArgument,
                                   "state dir " + state_dir + " is in use by another niamd master" +
                                       (pid.empty() ? std::string() : " (pid " + pid + ")") +
                                       "; refusing to start a second one on it");
    }
    const std::string text = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, text.data(), text.size(), 0) != static_cast<ssize_t>(text.size())) {
        // The lock holds all the same; only the pid shown to a second master is missing.
    }
    return StateDirLock(fd);
}

StateDirLock::StateDirLock(StateDirLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

StateDirLock::~StateDirLock() {
    if (fd_ >= 0) ::close(fd_);  // the lock goes with the descriptor; the file stays (no unlink race)
}

}  // namespace niamd::daemon
