#include "daemon/signals.hpp"

#include <atomic>
#include <csignal>
#include <mutex>

#include <unistd.h>

namespace niamd::daemon {
namespace {

std::atomic<control::Control*> g_control{nullptr};
std::once_flag g_installed;

extern "C" void on_signal(int signal_number) {
    control::Control* control = g_control.load();
    if (control == nullptr) {  // none fed yet: a stop ends the process (as SIGTERM would)
        if (signal_number != SIGHUP) ::_exit(128 + signal_number);
        return;
    }
    if (signal_number == SIGHUP) {
        control->request_reload();
    } else {
        control->request_stop();
    }
}

}  // namespace

void install_signal_handlers(control::Control* control) {
    if (control != nullptr) g_control.store(control);
    std::call_once(g_installed, [] {
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

}  // namespace niamd::daemon
