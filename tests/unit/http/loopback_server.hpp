// In-process HTTP servers on 127.0.0.1 for the curl client's tests: cpp-httplib for
// ordinary exchanges, and a raw socket peer that answers with canned bytes.
#pragma once

#include <httplib.h>

#include <awsrest/request.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cstdlib>
#include <chrono>
#include <functional>
#include <string>
#include <thread>

namespace test_support {

inline awsrest::Endpoint loopback_endpoint(int port) {
    awsrest::Endpoint endpoint;
    endpoint.scheme = "http";
    endpoint.host = "127.0.0.1";
    endpoint.port = port;
    return endpoint;
}

// A cpp-httplib server on an ephemeral loopback port, stopped on destruction.
class LoopbackServer {
  public:
    explicit LoopbackServer(const std::function<void(httplib::Server&)>& routes) {
        routes(server_);
        port_ = server_.bind_to_any_port("127.0.0.1");
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        for (int i = 0; i < 2000 && !server_.is_running(); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ~LoopbackServer() {
        server_.stop();
        thread_.join();
    }
    LoopbackServer(const LoopbackServer&) = delete;
    LoopbackServer& operator=(const LoopbackServer&) = delete;

    int port() const { return port_; }
    awsrest::Endpoint endpoint() const { return loopback_endpoint(port_); }

  private:
    httplib::Server server_;
    int port_ = -1;
    std::thread thread_;
};

// A bound loopback socket that never listens: connecting to it is refused at once.
class RefusingPort {
  public:
    RefusingPort() {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address);
        socklen_t size = sizeof address;
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size);
        port_ = ntohs(address.sin_port);
    }
    ~RefusingPort() { ::close(fd_); }
    RefusingPort(const RefusingPort&) = delete;
    RefusingPort& operator=(const RefusingPort&) = delete;
    int port() const { return port_; }

  private:
    int fd_ = -1;
    int port_ = 0;
};

// Accepts one connection, reads the request head, writes `reply` and closes. Every
// wait is bounded (2 s), so a test that goes wrong cannot hang.
class CannedPeer {
  public:
    explicit CannedPeer(std::string reply) : reply_(std::move(reply)) {
        listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address);
        ::listen(listen_fd_, 1);
        socklen_t size = sizeof address;
        ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &size);
        port_ = ntohs(address.sin_port);
        thread_ = std::thread([this] { serve(); });
    }
    ~CannedPeer() {
        wait();
        ::close(listen_fd_);
    }
    CannedPeer(const CannedPeer&) = delete;
    CannedPeer& operator=(const CannedPeer&) = delete;
    int port() const { return port_; }
    // What arrived, byte for byte; waits for the peer to finish its one exchange.
    const std::string& request_head() {
        wait();
        return head_;
    }
    const std::string& request_body() {
        wait();
        return body_;
    }

  private:
    void wait() {
        if (thread_.joinable()) thread_.join();
    }
    static bool readable(int fd) {
        pollfd p{fd, POLLIN, 0};
        return ::poll(&p, 1, 2000) == 1;
    }
    std::size_t content_length() const {
        std::string lower = head_;
        for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const auto at = lower.find("\r\ncontent-length:");
        if (at == std::string::npos) return 0;
        return static_cast<std::size_t>(std::strtoull(lower.c_str() + at + 17, nullptr, 10));
    }
    void serve() {
        if (!readable(listen_fd_)) return;
        const int fd = ::accept(listen_fd_, nullptr, nullptr);
        if (fd < 0) return;
        char buffer[4096];
        while (head_.find("\r\n\r\n") == std::string::npos && readable(fd)) {
            const auto got = ::recv(fd, buffer, sizeof buffer, 0);
            if (got <= 0) break;
            head_.append(buffer, static_cast<std::size_t>(got));
        }
        const auto head_end = head_.find("\r\n\r\n");
        if (head_end != std::string::npos) {
            body_ = head_.substr(head_end + 4);
            head_.resize(head_end + 4);
            const std::size_t length = content_length();
            while (body_.size() < length && readable(fd)) {
                const auto got = ::recv(fd, buffer, sizeof buffer, 0);
                if (got <= 0) break;
                body_.append(buffer, static_cast<std::size_t>(got));
            }
        }
        std::size_t sent = 0;
        while (sent < reply_.size()) {
            const auto wrote = ::send(fd, reply_.data() + sent, reply_.size() - sent, MSG_NOSIGNAL);
            if (wrote <= 0) break;
            sent += static_cast<std::size_t>(wrote);
        }
        ::close(fd);
    }

    std::string reply_;
    int listen_fd_ = -1;
    int port_ = 0;
    std::thread thread_;
    std::string head_;
    std::string body_;
};

}  // namespace test_support
