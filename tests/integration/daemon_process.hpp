// A niamd (or any daemon) started as a child process for a scenario test: its output goes
// to a file the test can read while it runs; stop() sends SIGTERM and says how long the
// daemon took to exit. The destructor kills what is still running.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include <sys/types.h>

namespace scenario {

class DaemonProcess {
  public:
    DaemonProcess(std::string path, std::vector<std::string> args, std::map<std::string, std::string> env,
                  std::string output_file);
    ~DaemonProcess();
    DaemonProcess(const DaemonProcess&) = delete;
    DaemonProcess& operator=(const DaemonProcess&) = delete;

    void start();
    bool running();
    void signal(int signal_number);
    // SIGTERM, then waits up to `limit`; returns the time the daemon took to exit (or
    // `limit` plus one second when it had to be killed). The exit status is kept.
    std::chrono::milliseconds stop(std::chrono::milliseconds limit = std::chrono::milliseconds(5000));
    // Waits for exit by itself (--once); -1 when still running after `limit`.
    int wait(std::chrono::milliseconds limit);
    int exit_status() const noexcept { return status_; }
    pid_t pid() const noexcept { return pid_; }
    std::string output() const;
    // Polls output() until it holds `text` or `limit` passes.
    bool wait_for_output(const std::string& text, std::chrono::milliseconds limit) const;

  private:
    std::string path_;
    std::vector<std::string> args_;
    std::map<std::string, std::string> env_;
    std::string output_file_;
    pid_t pid_ = -1;
    int status_ = -1;
};

// Whether process `pid` has ended: no such process, or a zombie (exited, waiting for its
// parent — for a daemon that is init, which may reap late — to collect its status).
bool process_gone(pid_t pid);

// Polls `condition` every 100 ms until it holds or `limit` passes.
template <class Condition>
bool eventually(Condition condition, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (true) {
        if (condition()) return true;
        if (std::chrono::steady_clock::now() > deadline) return false;
        struct timespec pause {
            0, 100 * 1000 * 1000
        };
        ::nanosleep(&pause, nullptr);
    }
}

}  // namespace scenario
