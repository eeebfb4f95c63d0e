// The fake Docker Engine API (tests/docker-engine/fake-engine.mjs) started for one test on
// sockets in a fresh temporary folder, stopped (and the folder removed) by the destructor.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "daemon_process.hpp"

namespace scenario {

class FakeEngine {
  public:
    explicit FakeEngine(std::vector<std::string> extra_args = {});
    ~FakeEngine();
    FakeEngine(const FakeEngine&) = delete;
    FakeEngine& operator=(const FakeEngine&) = delete;

    const std::string& socket() const noexcept { return socket_; }
    const std::string& folder() const noexcept { return folder_; }
    // POST path with a JSON body on the control socket; the answer's body. Fails the test
    // (REQUIRE) on a status other than 200 or 201.
    std::string control(const std::string& path, const std::string& json = "{}") const;
    std::string state() const;

  private:
    std::string folder_;
    std::string socket_;
    std::string control_;
    std::unique_ptr<DaemonProcess> process_;
};

// A JSON string literal of `text` (quotes and escapes).
std::string json_string(const std::string& text);

}  // namespace scenario
