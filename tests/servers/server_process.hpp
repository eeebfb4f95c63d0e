// A real server started by a test: its own process group, output into a log file, stopped
// (SIGTERM to the group, then SIGKILL) when the object goes, also when the test failed.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace server_test {

// A TCP port on 127.0.0.1 free at the time of asking (bound to port 0, then closed).
int free_port();
// Connects to 127.0.0.1:port until it accepts or `wait` is over.
bool wait_for_port(int port, std::chrono::milliseconds wait);

class ServerProcess {
  public:
    ServerProcess() = default;
    ServerProcess(std::vector<std::string> argv, const std::filesystem::path& log);
    ~ServerProcess();
    ServerProcess(ServerProcess&& other) noexcept;
    ServerProcess& operator=(ServerProcess&& other) noexcept;
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    bool running() const;
    void stop();

  private:
    pid_t pid_ = -1;
};

// The text of a log file (for a failure message).
std::string read_text(const std::filesystem::path& path);

}  // namespace server_test
