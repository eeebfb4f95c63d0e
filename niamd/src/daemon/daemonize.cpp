#include "daemon/daemonize.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

namespace niamd::daemon {
namespace {

awsrest::Error system_error(const std::string& what) {
    return awsrest::make_error(awsrest::ErrorKind::InvalidArgument, what + ": " + std::strerror(errno));
}

}  // namespace

awsrest::Result<void> daemonize() {
    pid_t pid = ::fork();
    if (pid < 0) return system_error("fork");
    if (pid > 0) std::_Exit(0);
    if (::setsid() < 0) return system_error("setsid");
    pid = ::fork();
    if (pid < 0) return system_error("fork");
    if (pid > 0) std::_Exit(0);
    ::umask(027);
    if (::chdir("/") != 0) return system_error("chdir /");
    int null = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    if (null < 0) return system_error("/dev/null");
    ::dup2(null, STDIN_FILENO);
    ::dup2(null, STDOUT_FILENO);
    ::dup2(null, STDERR_FILENO);
    if (null > STDERR_FILENO) ::close(null);
    return {};
}

awsrest::Result<PidFile> PidFile::create(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return system_error("pidfile " + path);
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd);
        return awsrest::make_error(awsrest::ErrorKind::InvalidArgument,
                                   "pidfile " + path + " is locked: another niamd runs with it");
    }
    PidFile pid_file(path, fd);
    if (auto recorded = pid_file.record_pid(); !recorded) return std::move(recorded).error();
    return pid_file;
}

awsrest::Result<void> PidFile::record_pid() {
    const std::string text = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd_, 0) != 0 || ::pwrite(fd_, text.data(), text.size(), 0) != static_cast<ssize_t>(text.size())) {
        return system_error("pidfile " + path_);
    }
    return {};
}

PidFile::PidFile(PidFile&& other) noexcept : path_(std::move(other.path_)), fd_(other.fd_) { other.fd_ = -1; }

PidFile::~PidFile() {
    if (fd_ >= 0) {
        ::unlink(path_.c_str());
        ::close(fd_);
    }
}

}  // namespace niamd::daemon
