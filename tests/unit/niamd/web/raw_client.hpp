// A raw loopback TCP client for the [web] tests that need bytes httplib::Client would not
// send (partial requests, floods, idle connections).
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <string>

namespace web_test {

using namespace std::chrono_literals;

// A loopback TCP client: send, and read until the peer closes or the time is up.
class RawClient {
  public:
    // `source`: the loopback address to connect from (127.0.0.2 is another client to the server).
    explicit RawClient(int port, const char* source = nullptr) : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
        if (source != nullptr) {
            sockaddr_in local{};
            local.sin_family = AF_INET;
            if (::inet_pton(AF_INET, source, &local.sin_addr) != 1 ||
                ::bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0) {
                FAIL("cannot bind to " << source);
            }
        }
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(static_cast<std::uint16_t>(port));
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) FAIL("connect failed");
    }
    ~RawClient() { ::close(fd_); }
    RawClient(const RawClient&) = delete;
    RawClient& operator=(const RawClient&) = delete;

    // False when the server has closed (or reset) the connection.
    bool send(const std::string& bytes) {
        return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size());
    }
    // What arrives until `until` is in it, the peer closes, or `limit` passes.
    std::string read(std::chrono::milliseconds limit, const std::string& until = "") {
        const auto end = std::chrono::steady_clock::now() + limit;
        while (!closed_ && (until.empty() || received_.find(until) == std::string::npos)) {
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
            if (left <= 0ms) break;
            pollfd in{fd_, POLLIN, 0};
            if (::poll(&in, 1, static_cast<int>(left.count())) <= 0) continue;
            char buffer[4096];
            const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
            if (n <= 0) closed_ = true;
            else received_.append(buffer, static_cast<std::size_t>(n));
        }
        return received_;
    }
    bool closed() const { return closed_; }

  private:
    int fd_;
    std::string received_;
    bool closed_ = false;
};

}  // namespace web_test
