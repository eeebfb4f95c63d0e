#include "web/secret_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace niamd::web {
namespace {

constexpr std::size_t kMaxTokenFileBytes = 4096;

awsrest::Error file_error(std::string_view what, const std::filesystem::path& path, std::string_view why) {
    return awsrest::make_error(awsrest::ErrorKind::InvalidArgument,
                               std::string(what) + " " + path.string() + ": " + std::string(why));
}

}  // namespace

awsrest::Result<SecretFile> read_secret_file(const std::filesystem::path& path, std::size_t max_bytes,
                                             std::string_view what) {
    // O_NONBLOCK: a FIFO planted in its place must not hang the start.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) return file_error(what, path, "cannot be read");
    SecretFile file;
    struct stat info {};
    const bool stated = ::fstat(fd, &info) == 0;
    if (!stated || !S_ISREG(info.st_mode)) {
        ::close(fd);
        return file_error(what, path, stated ? "not a regular file" : "cannot be read");
    }
    if (info.st_uid != ::geteuid()) {
        file.refusal = "it is owned by uid " + std::to_string(info.st_uid) + ", not by the master's user (uid " +
                       std::to_string(::geteuid()) + ")";
    } else if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(info.st_mode & 07777));
        file.refusal = "mode " + std::string(mode) + " lets group or others in; chmod 600 " + path.string();
    }
    file.text.resize(max_bytes + 1);
    std::size_t got = 0;
    while (got < file.text.size()) {
        const ssize_t n = ::read(fd, file.text.data() + got, file.text.size() - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        got += static_cast<std::size_t>(n);
    }
    ::close(fd);
    if (got > max_bytes) {
        return file_error(what, path, "larger than " + std::to_string(max_bytes) + " bytes");
    }
    file.text.resize(got);
    return file;
}

awsrest::Result<std::string> read_access_token_file(const std::filesystem::path& path) {
    auto file = read_secret_file(path, kMaxTokenFileBytes, "web token file");
    if (!file) return std::move(file).error();
    if (!file->refusal.empty()) return file_error("web token file", path, "refused: " + file->refusal);
    std::string token = file->text.substr(0, file->text.find_first_of("\r\n"));
    if (token.empty()) return file_error("web token file", path, "the first line is empty");
    return token;
}

}  // namespace niamd::web
