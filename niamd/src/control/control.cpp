#include "control/control.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace niamd::control {

Control::Control(awsrest::Clock& clock, Waiting waiting) : clock_(clock), waiting_(waiting) {
    if (waiting_ == Waiting::OnWakePipe && ::pipe2(pipe_, O_CLOEXEC | O_NONBLOCK) != 0) pipe_[0] = pipe_[1] = -1;
}

Control::~Control() {
    for (int fd : pipe_) {
        if (fd >= 0) ::close(fd);
    }
}

void Control::wake() noexcept {
    if (pipe_[1] < 0) return;
    const int saved = errno;
    char byte = 1;
    [[maybe_unused]] auto written = ::write(pipe_[1], &byte, 1);  // full pipe: already awake
    errno = saved;
}

void Control::request_stop() noexcept {
    stop_.store(true);
    wake();
}

void Control::request_reload() noexcept {
    reload_.store(true);
    wake();
}

void Control::wait_until(awsrest::TimePoint until) {
    using namespace std::chrono;
    while (!interrupted()) {
        const auto now = clock_.now();
        if (now >= until) return;
        // Rounded up: a wait never ends a little before `until` and spins.
        auto left = ceil<milliseconds>(until - now);
        if (waiting_ == Waiting::OnClock) {
            clock_.sleep_for(left);
            continue;
        }
        if (pipe_[0] < 0) {  // no pipe (fd exhaustion at start): short sleeps keep stop prompt
            clock_.sleep_for(std::min(left, milliseconds(200)));
            continue;
        }
        pollfd fd{pipe_[0], POLLIN, 0};
        const int ready = ::poll(&fd, 1, static_cast<int>(std::min<long long>(left.count(), 1 << 30)));
        if (ready > 0) {
            char buffer[64];
            while (::read(pipe_[0], buffer, sizeof buffer) > 0) {
            }
        }
    }
}

}  // namespace niamd::control
