// Signals, handled in one place: SIGTERM/SIGINT ask the daemon to stop, SIGHUP to reload
// its config (and reopen its log). The handlers only set flags and wake a waiting thread
// through a self-pipe, so a wait returns at once instead of sleeping out an interval.
#pragma once

#include <chrono>

namespace niamd::daemon {

// Installs the handlers (once). SIGPIPE and SIGXFSZ are ignored (a write then fails with
// EPIPE / EFBIG, which the caller handles).
void install_signal_handlers();

bool stop_requested() noexcept;
void request_stop() noexcept;  // as if SIGTERM arrived (tests, --once)
// True once per SIGHUP received since the last call.
bool take_reload_request() noexcept;

// Sleeps up to `timeout`; returns early when a stop or reload is requested.
void wait_for_signal(std::chrono::milliseconds timeout);

}  // namespace niamd::daemon
