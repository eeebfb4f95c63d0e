// ScriptedServer: a loopback TCP server that plays one transcript to the first client — send
// these bytes, expect a line starting so, close, or go silent — and keeps every line the
// client sent, so a protocol check's unit test sees both sides of the dialogue.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace check_test {

struct Step {
    enum Kind { Send, Expect, Close, Silent } kind;
    std::string text;
};
inline Step send(std::string text) { return {Step::Send, std::move(text)}; }
inline Step expect(std::string prefix) { return {Step::Expect, std::move(prefix)}; }
inline Step close_connection() { return {Step::Close, {}}; }
inline Step silent() { return {Step::Silent, {}}; }

class ScriptedServer {
  public:
    explicit ScriptedServer(std::vector<Step> steps) : steps_(std::move(steps)) {
        listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
            ::listen(listener_, 4) != 0 || ::pipe2(stop_, O_CLOEXEC) != 0) {
            throw std::runtime_error("scripted server setup failed");
        }
        socklen_t size = sizeof address;
        ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &size);
        port_ = ntohs(address.sin_port);
        thread_ = std::thread([this] { play(); });
    }
    ~ScriptedServer() {
        const char byte = 1;
        (void)!::write(stop_[1], &byte, 1);
        thread_.join();
        ::close(listener_);
        ::close(stop_[0]);
        ::close(stop_[1]);
    }
    ScriptedServer(const ScriptedServer&) = delete;
    ScriptedServer& operator=(const ScriptedServer&) = delete;

    int port() const { return port_; }
    // Lines the client sent (without CRLF), and the first expectation that failed, if any.
    std::vector<std::string> received() const {
        std::lock_guard<std::mutex> guard(lock_);
        return received_;
    }
    std::string mismatch() const {
        std::lock_guard<std::mutex> guard(lock_);
        return mismatch_;
    }

  private:
    // Waits for `fd` or the stop pipe; true when `fd` is ready.
    bool wait(int fd) const {
        pollfd fds[2] = {{fd, POLLIN, 0}, {stop_[0], POLLIN, 0}};
        for (;;) {
            const int ready = ::poll(fds, 2, 10000);
            if (ready < 0 && errno == EINTR) continue;
            return ready > 0 && (fds[1].revents & POLLIN) == 0 && (fds[0].revents & (POLLIN | POLLHUP)) != 0;
        }
    }
    bool read_line(int fd, std::string& buffer, std::string& line) {
        for (;;) {
            const std::size_t end = buffer.find('\n');
            if (end != std::string::npos) {
                line = buffer.substr(0, end);
                if (!line.empty() && line.back() == '\r') line.pop_back();
                buffer.erase(0, end + 1);
                return true;
            }
            if (!wait(fd)) return false;
            char chunk[4096];
            const long got = ::recv(fd, chunk, sizeof chunk, 0);
            if (got <= 0) return false;
            buffer.append(chunk, static_cast<std::size_t>(got));
        }
    }
    void play() {
        if (!wait(listener_)) return;
        const int fd = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) return;
        std::string buffer;
        for (const Step& step : steps_) {
            if (step.kind == Step::Send) {
                (void)!::send(fd, step.text.data(), step.text.size(), MSG_NOSIGNAL);
            } else if (step.kind == Step::Expect) {
                std::string line;
                if (!read_line(fd, buffer, line)) break;
                std::lock_guard<std::mutex> guard(lock_);
                received_.push_back(line);
                if (line.rfind(step.text, 0) != 0 && mismatch_.empty()) {
                    mismatch_ = "expected '" + step.text + "', got '" + line + "'";
                }
            } else if (step.kind == Step::Close) {
                break;
            } else {
                pollfd stop{stop_[0], POLLIN, 0};
                ::poll(&stop, 1, 10000);
                break;
            }
        }
        ::close(fd);
    }

    std::vector<Step> steps_;
    int listener_ = -1;
    int stop_[2] = {-1, -1};
    int port_ = 0;
    std::thread thread_;
    mutable std::mutex lock_;
    std::vector<std::string> received_;
    std::string mismatch_;
};

}  // namespace check_test
