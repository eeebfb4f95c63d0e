#include "daemon/signals.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <mutex>

namespace niamd::daemon {
namespace {

std::atomic<bool> g_stop{false};
std::atomic<bool> g_reload{false};
int g_pipe[2] = {-1, -1};
std::once_flag g_installed;

void wake() noexcept {
    if (g_pipe[1] >= 0) {
        char byte = 1;
        [[maybe_unused]] auto written = ::write(g_pipe[1], &byte, 1);
    }
}

extern "C" void on_signal(int signal_number) {
    int saved = errno;
    if (signal_number == SIGHUP) {
        g_reload.store(true);
    } else {
        g_stop.store(true);
    }
    wake();
    errno = saved;
}

}  // namespace

void install_signal_handlers() {
    std::call_once(g_installed, [] {
        if (::pipe2(g_pipe, O_CLOEXEC | O_NONBLOCK) != 0) g_pipe[0] = g_pipe[1] = -1;
        struct sigaction action {};
        action.sa_handler = on_signal;
        sigemptyset(&action.sa_mask);
        ::sigaction(SIGTERM, &action, nullptr);
        ::sigaction(SIGINT, &action, nullptr);
        ::sigaction(SIGHUP, &action, nullptr);
        std::signal(SIGPIPE, SIG_IGN);
        // Under a file-size limit (ulimit -f) a write past it fails with EFBIG, which the store
        // and the logs handle like a full disk, instead of killing the process silently.
        std::signal(SIGXFSZ, SIG_IGN);
    });
}

bool stop_requested() noexcept { return g_stop.load(); }

void request_stop() noexcept {
    g_stop.store(true);
    wake();
}

bool take_reload_request() noexcept { return g_reload.exchange(false); }

void wait_for_signal(std::chrono::milliseconds timeout) {
    if (g_stop.load() || g_reload.load()) return;
    if (g_pipe[0] < 0) {
        ::usleep(static_cast<useconds_t>(std::min<long long>(timeout.count(), 1000) * 1000));
        return;
    }
    pollfd fd{g_pipe[0], POLLIN, 0};
    int ready = ::poll(&fd, 1, static_cast<int>(std::min<long long>(timeout.count(), 1 << 30)));
    if (ready > 0) {
        char buffer[64];
        while (::read(g_pipe[0], buffer, sizeof buffer) > 0) {
        }
    }
}

}  // namespace niamd::daemon
