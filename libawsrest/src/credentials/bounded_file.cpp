#include "credentials/bounded_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace awsrest {

namespace {

class FileDescriptor {
  public:
    explicit FileDescriptor(int fd) : fd_(fd) {}
    ~FileDescriptor() {
        if (fd_ >= 0) ::close(fd_);
    }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    int get() const { return fd_; }

  private:
    int fd_;
};

std::string octal_mode(mode_t mode) {
    char text[8];
    std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
    return text;
}

Error file_error(const std::string& path, std::string what) {
    return make_error(ErrorKind::Credentials, path + ": " + std::move(what));
}

}  // namespace

Result<std::optional<std::string>> read_bounded_file(const std::string& path, std::size_t max_bytes,
                                                     FileAccess access) {
    // O_NONBLOCK: a FIFO planted where the file should be must not hang us; it has no
    // effect on regular files.
    FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY));
    if (fd.get() < 0) {
        const int error = errno;
        if (error == ENOENT || error == ENOTDIR) return std::optional<std::string>{};
        return file_error(path, std::string("cannot open: ") + std::strerror(error));
    }
    // Checked on the open file, so what is checked is what is read.
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0) return file_error(path, std::string("cannot stat: ") + std::strerror(errno));
    if (!S_ISREG(info.st_mode)) return file_error(path, "not a regular file");
    if (access == FileAccess::PrivateToOwner) {
        const uid_t me = ::geteuid();
        if (info.st_uid != me) {
            return file_error(path, "refused: owned by uid " + std::to_string(info.st_uid) +
                                        ", not by the calling user (uid " + std::to_string(me) + ")");
        }
        if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
            return file_error(path, "refused: mode " + octal_mode(info.st_mode) +
                                        " lets group or others in; it must be 0600 (chmod 600 " + path + ")");
        }
    }
    if (info.st_size < 0 || static_cast<unsigned long long>(info.st_size) > max_bytes) {
        return make_error(ErrorKind::Parse,
                          path + ": larger than the limit of " + std::to_string(max_bytes) + " bytes");
    }

    std::string content;
    char buffer[8192];
    for (;;) {
        const ssize_t got = ::read(fd.get(), buffer, sizeof buffer);
        if (got < 0) {
            if (errno == EINTR) continue;
            return file_error(path, std::string("read failed: ") + std::strerror(errno));
        }
        if (got == 0) break;
        content.append(buffer, static_cast<std::size_t>(got));
        // The file may have grown since fstat.
        if (content.size() > max_bytes) {
            return make_error(ErrorKind::Parse,
                              path + ": larger than the limit of " + std::to_string(max_bytes) + " bytes");
        }
    }
    return std::optional<std::string>{std::move(content)};
}

}  // namespace awsrest
