#include "master/alert_log.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "log/log.hpp"
#include "master/alert_text.hpp"

namespace niamd::master {

bool AlertLog::append(const store::AlertRow& alert) const {
    const std::string line = alert_log_line(alert) + "\n";
    const int fd = ::open(file_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
    if (fd < 0) {
        log::error("alert log " + file_.string() + ": cannot open: " + std::strerror(errno));
        return false;
    }
    // One write of one line: O_APPEND keeps concurrent writers' lines whole.
    const ssize_t written = ::write(fd, line.data(), line.size());
    const int saved = errno;
    ::close(fd);
    if (written != static_cast<ssize_t>(line.size())) {
        log::error("alert log " + file_.string() + ": cannot write: " + std::strerror(saved));
        return false;
    }
    return true;
}

}  // namespace niamd::master
