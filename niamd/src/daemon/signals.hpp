// Signals, handled in one place: SIGTERM/SIGINT ask the daemon to stop, SIGHUP to reload
// its config (and reopen its log). The handlers only pass the request on to the daemon's
// control::Control (an atomic flag and a write to its wake pipe), so a loop waiting on it
// returns at once instead of sleeping out an interval.
#pragma once

#include "control/control.hpp"

namespace niamd::daemon {

// Installs the handlers (once) and makes `control` the one they feed (it must outlive
// them: the daemon's, made in main). SIGPIPE and SIGXFSZ are ignored (a write then fails
// with EPIPE / EFBIG, which the caller handles). Until a control is given, SIGTERM/SIGINT end the process at once
// and SIGHUP is ignored.
void install_signal_handlers(control::Control* control = nullptr);

}  // namespace niamd::daemon
